namespace StatusBot.Core.Milestones;

public interface IMilestoneRepository
{
    Task<Milestone> AddAsync(Milestone milestone, CancellationToken cancellationToken);
    Task<Milestone?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Milestone>> ListAsync(long programId, CancellationToken cancellationToken);
}
