namespace StatusBot.Core.Blockers;

public interface IBlockerRepository
{
    Task<Blocker> AddAsync(Blocker blocker, CancellationToken cancellationToken);
    Task<Blocker?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Blocker>> ListOpenAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>The open blockers of the listed teams (oldest first), in one read.</summary>
    Task<IReadOnlyList<Blocker>> ListOpenAsync(IReadOnlyCollection<long> teamIds, CancellationToken cancellationToken);

    /// <summary>Updates the text and age in cycles; never the resolution (see <see cref="ResolveAsync"/>).</summary>
    Task UpdateAsync(Blocker blocker, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the blocker resolved by <paramref name="personId"/> at <paramref name="at"/> with an optional note; false when it
    /// was already resolved (the first resolution wins, so two people closing it at once cannot overwrite each other).
    /// </summary>
    Task<bool> ResolveAsync(long id, long personId, string? note, DateTimeOffset at, CancellationToken cancellationToken);
}
