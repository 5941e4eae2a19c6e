namespace StatusBot.Core.Dependencies;

public interface IDependencyRepository
{
    Task<Dependency> AddAsync(Dependency dependency, CancellationToken cancellationToken);
    Task<Dependency?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Dependency>> ListAsync(long programId, CancellationToken cancellationToken);

    /// <summary>The dependencies a team provides (owes to others).</summary>
    Task<IReadOnlyList<Dependency>> ListProvidedByAsync(long providerTeamId, CancellationToken cancellationToken);

    /// <summary>The dependencies the listed teams provide, in one read.</summary>
    Task<IReadOnlyList<Dependency>> ListProvidedByAsync(IReadOnlyCollection<long> providerTeamIds, CancellationToken cancellationToken);

    /// <summary>
    /// Updates ETA, state, slip days, links and delivery time if the row is still at <see cref="Dependency.Version"/>, and
    /// returns it with its new version; throws <see cref="Storage.ConcurrencyConflictException"/> when another unit of work
    /// changed it since it was read (the caller's unit of work is then run again).
    /// </summary>
    Task<Dependency> UpdateAsync(Dependency dependency, CancellationToken cancellationToken);

    Task<EtaChange> AddEtaChangeAsync(EtaChange change, CancellationToken cancellationToken);
    Task<IReadOnlyList<EtaChange>> ListEtaChangesAsync(long dependencyId, CancellationToken cancellationToken);

    /// <summary>The latest ETA changes of all the program's dependencies, newest first (the dashboard's history).</summary>
    Task<IReadOnlyList<EtaChange>> ListProgramEtaChangesAsync(long programId, int limit, CancellationToken cancellationToken);

    /// <summary>The most recent ETA change of each of the program's dependencies that has one (one query, for re-evaluation).</summary>
    Task<IReadOnlyList<EtaChange>> ListLatestEtaChangesAsync(long programId, CancellationToken cancellationToken);

    /// <summary>The most recent ETA change (the last of <see cref="ListEtaChangesAsync"/>) of each dependency the team provides that has one, in one query.</summary>
    Task<IReadOnlyList<EtaChange>> ListLatestEtaChangesProvidedByAsync(long providerTeamId, CancellationToken cancellationToken);

    /// <summary>Stores a "waits on" link; false when it already exists.</summary>
    Task<bool> AddLinkAsync(DependencyLink link, CancellationToken cancellationToken);

    /// <summary>Every "waits on" link between the program's dependencies.</summary>
    Task<IReadOnlyList<DependencyLink>> ListLinksAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Records a change at its <see cref="DependencyStateChange.DependencyVersion"/>; a second change at the same version is a conflict.</summary>
    Task<DependencyStateChange> AddStateChangeAsync(DependencyStateChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> state changes whose notices are not queued yet (<see cref="DependencyStateChange.AnnouncedAt"/>
    /// null), oldest first, each with its dependency's program; on PostgreSQL locked for this unit of work and skipped by
    /// another instance's.
    /// </summary>
    Task<IReadOnlyList<(long ProgramId, DependencyStateChange Change)>> ClaimUnannouncedStateChangesAsync(int max, CancellationToken cancellationToken);

    /// <summary>Records that the notices of these changes are queued.</summary>
    Task MarkAnnouncedAsync(IReadOnlyCollection<long> changeIds, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The state history of one dependency, oldest first.</summary>
    Task<IReadOnlyList<DependencyStateChange>> ListStateChangesAsync(long dependencyId, CancellationToken cancellationToken);
}
