using StatusBot.Core.Milestones;

namespace StatusBot.Data.Milestones;

internal sealed class MilestoneRepository(DapperStoreSession db) : IMilestoneRepository
{
    public Task<Milestone> AddAsync(Milestone milestone, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Milestone>(
            """
            insert into milestones (program_id, name, due_date, original_due_date, reached_at, created_at)
            values (@ProgramId, @Name, @DueDate, @OriginalDueDate, @ReachedAt, @CreatedAt)
            returning *
            """,
            milestone with { OriginalDueDate = milestone.OriginalDueDate ?? milestone.DueDate },
            cancellationToken);

    public Task<Milestone?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Milestone>("select * from milestones where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Milestone>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Milestone>("select * from milestones where program_id = @programId order by due_date, id", new { programId }, cancellationToken);

    public Task UpdateAsync(Milestone milestone, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update milestones set name = @Name, due_date = @DueDate, reached_at = @ReachedAt where id = @Id",
            milestone,
            cancellationToken);

    public Task<MilestoneDateChange> AddDateChangeAsync(MilestoneDateChange change, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<MilestoneDateChange>(
            """
            insert into milestone_date_changes (milestone_id, from_date, to_date, changed_by_person_id, changed_at)
            values (@MilestoneId, @FromDate, @ToDate, @ChangedByPersonId, @ChangedAt)
            returning *
            """,
            change,
            cancellationToken);

    public Task<IReadOnlyList<MilestoneDateChange>> ListDateChangesAsync(long milestoneId, CancellationToken cancellationToken) =>
        db.QueryAsync<MilestoneDateChange>("select * from milestone_date_changes where milestone_id = @milestoneId order by id", new { milestoneId }, cancellationToken);

    public Task<IReadOnlyList<MilestoneDateChange>> ListProgramDateChangesAsync(long programId, int limit, CancellationToken cancellationToken) =>
        db.QueryAsync<MilestoneDateChange>(
            """
            select c.* from milestone_date_changes c
            join milestones m on m.id = c.milestone_id
            where m.program_id = @programId
            order by c.changed_at desc, c.id desc
            limit @limit
            """,
            new { programId, limit },
            cancellationToken);
}
