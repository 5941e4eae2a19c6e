namespace StatusBot.Core.People;

public interface IPersonRepository
{
    /// <summary>Inserts a person; throws <see cref="Storage.DuplicateEntityException"/> if the identity is known.</summary>
    Task<Person> AddAsync(Person person, CancellationToken cancellationToken);

    Task<Person?> GetAsync(long id, CancellationToken cancellationToken);
    Task<Person?> FindByIdentityAsync(string identity, CancellationToken cancellationToken);
    Task<IReadOnlyList<Person>> ListAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Updates name, zone, admin flag and active flag.</summary>
    Task UpdateAsync(Person person, CancellationToken cancellationToken);

    Task<LeavePeriod> AddLeaveAsync(LeavePeriod leave, CancellationToken cancellationToken);
    Task<IReadOnlyList<LeavePeriod>> ListLeaveAsync(long personId, CancellationToken cancellationToken);
}
