using StatusBot.Core.Decisions;

namespace StatusBot.Data.Decisions;

internal sealed class DecisionRepository(DapperStoreSession db) : IDecisionRepository
{
    public Task<Decision> AddAsync(Decision decision, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Decision>(
            """
            insert into decisions (program_id, text, decided_by_person_id, decided_at)
            values (@ProgramId, @Text, @DecidedByPersonId, @DecidedAt)
            returning *
            """,
            decision,
            cancellationToken);

    public Task<IReadOnlyList<Decision>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Decision>("select * from decisions where program_id = @programId order by decided_at, id", new { programId }, cancellationToken);
}
