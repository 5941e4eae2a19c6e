namespace StatusBot.Core.Programs;

public interface IProgramRepository
{
    /// <summary>Inserts a program; names are unique per workspace, case-insensitively.</summary>
    Task<Program> AddAsync(Program program, CancellationToken cancellationToken);

    Task<Program?> GetAsync(long id, CancellationToken cancellationToken);
    Task<Program?> FindByNameAsync(string workspaceId, string name, CancellationToken cancellationToken);
    Task<IReadOnlyList<Program>> ListAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Updates name, digest slot and status override.</summary>
    Task UpdateAsync(Program program, CancellationToken cancellationToken);

    /// <summary>Grants a role; granting an existing role again changes nothing.</summary>
    Task GrantAsync(ProgramRole role, CancellationToken cancellationToken);

    Task RevokeAsync(ProgramRole role, CancellationToken cancellationToken);
    Task<IReadOnlyList<ProgramRole>> ListRolesAsync(long programId, CancellationToken cancellationToken);

    Task<ProgramChannel> AddChannelAsync(ProgramChannel channel, CancellationToken cancellationToken);
    Task<IReadOnlyList<ProgramChannel>> ListChannelsAsync(long programId, CancellationToken cancellationToken);
    Task<bool> RemoveChannelAsync(long programId, string channelRef, CancellationToken cancellationToken);
}
