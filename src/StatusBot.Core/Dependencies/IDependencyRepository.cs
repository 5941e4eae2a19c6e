namespace StatusBot.Core.Dependencies;

public interface IDependencyRepository
{
    Task<Dependency> AddAsync(Dependency dependency, CancellationToken cancellationToken);
    Task<Dependency?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Dependency>> ListAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Updates ETA, state, slip days, links and delivery time.</summary>
    Task UpdateAsync(Dependency dependency, CancellationToken cancellationToken);

    Task<EtaChange> AddEtaChangeAsync(EtaChange change, CancellationToken cancellationToken);
    Task<IReadOnlyList<EtaChange>> ListEtaChangesAsync(long dependencyId, CancellationToken cancellationToken);
}
