using StatusBot.Core.Milestones;

namespace StatusBot.Data.Milestones;

internal sealed class MilestoneRepository(DapperStoreSession db) : IMilestoneRepository
{
    public Task<Milestone> AddAsync(Milestone milestone, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Milestone>(
            """
            insert into milestones (program_id, name, due_date, reached_at, created_at)
            values (@ProgramId, @Name, @DueDate, @ReachedAt, @CreatedAt)
            returning *
            """,
            milestone,
            cancellationToken);

    public Task<Milestone?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Milestone>("select * from milestones where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Milestone>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Milestone>("select * from milestones where program_id = @programId order by due_date, id", new { programId }, cancellationToken);
}
