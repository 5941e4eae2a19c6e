namespace StatusBot.Core.Milestones;

public interface IMilestoneRepository
{
    /// <summary>Inserts a milestone; its original date is its due date unless given.</summary>
    Task<Milestone> AddAsync(Milestone milestone, CancellationToken cancellationToken);

    Task<Milestone?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Milestone>> ListAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Updates name, due date and reached time (the original date never changes).</summary>
    Task UpdateAsync(Milestone milestone, CancellationToken cancellationToken);

    Task<MilestoneDateChange> AddDateChangeAsync(MilestoneDateChange change, CancellationToken cancellationToken);

    /// <summary>The moves of one milestone's date, oldest first.</summary>
    Task<IReadOnlyList<MilestoneDateChange>> ListDateChangesAsync(long milestoneId, CancellationToken cancellationToken);

    /// <summary>The latest date moves of all the program's milestones, newest first (the dashboard's history).</summary>
    Task<IReadOnlyList<MilestoneDateChange>> ListProgramDateChangesAsync(long programId, int limit, CancellationToken cancellationToken);
}
