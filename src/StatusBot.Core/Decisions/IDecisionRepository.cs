namespace StatusBot.Core.Decisions;

public interface IDecisionRepository
{
    Task<Decision> AddAsync(Decision decision, CancellationToken cancellationToken);
    Task<IReadOnlyList<Decision>> ListAsync(long programId, CancellationToken cancellationToken);
}
