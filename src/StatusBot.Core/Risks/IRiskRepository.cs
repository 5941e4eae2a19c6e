namespace StatusBot.Core.Risks;

public interface IRiskRepository
{
    Task<Risk> AddAsync(Risk risk, CancellationToken cancellationToken);
    Task<Risk?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Risk>> ListAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Updates every field but the program and creation time.</summary>
    Task UpdateAsync(Risk risk, CancellationToken cancellationToken);
}
