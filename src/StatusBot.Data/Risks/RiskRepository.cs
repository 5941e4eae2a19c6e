using StatusBot.Core.Risks;

namespace StatusBot.Data.Risks;

internal sealed class RiskRepository(DapperStoreSession db) : IRiskRepository
{
    public Task<Risk> AddAsync(Risk risk, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Risk>(
            """
            insert into risks (program_id, title, probability, impact, owner_person_id, mitigation, state, review_date, created_at, closed_at)
            values (@ProgramId, @Title, @Probability, @Impact, @OwnerPersonId, @Mitigation, @State, @ReviewDate, @CreatedAt, @ClosedAt)
            returning *
            """,
            Parameters(risk),
            cancellationToken);

    public Task<Risk?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Risk>("select * from risks where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Risk>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Risk>("select * from risks where program_id = @programId order by id", new { programId }, cancellationToken);

    public Task UpdateAsync(Risk risk, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update risks set title = @Title, probability = @Probability, impact = @Impact, owner_person_id = @OwnerPersonId,
                mitigation = @Mitigation, state = @State, review_date = @ReviewDate, closed_at = @ClosedAt
            where id = @Id
            """,
            Parameters(risk),
            cancellationToken);

    private static object Parameters(Risk r) => new
    {
        r.Id,
        r.ProgramId,
        r.Title,
        r.Probability,
        r.Impact,
        r.OwnerPersonId,
        r.Mitigation,
        State = r.State.ToString(),
        r.ReviewDate,
        r.CreatedAt,
        r.ClosedAt,
    };
}
