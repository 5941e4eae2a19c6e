namespace StatusBot.Core.Blockers;

public interface IBlockerRepository
{
    Task<Blocker> AddAsync(Blocker blocker, CancellationToken cancellationToken);
    Task<Blocker?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Blocker>> ListOpenAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Updates the text, age in cycles and resolution time.</summary>
    Task UpdateAsync(Blocker blocker, CancellationToken cancellationToken);
}
