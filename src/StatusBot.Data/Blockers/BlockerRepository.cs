using StatusBot.Core.Blockers;

namespace StatusBot.Data.Blockers;

internal sealed class BlockerRepository(DapperStoreSession db) : IBlockerRepository
{
    public Task<Blocker> AddAsync(Blocker blocker, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Blocker>(
            """
            insert into blockers (team_id, person_id, raised_in_cycle_id, text, opened_at, resolved_at, cycles_open)
            values (@TeamId, @PersonId, @RaisedInCycleId, @Text, @OpenedAt, @ResolvedAt, @CyclesOpen)
            returning *
            """,
            blocker,
            cancellationToken);

    public Task<Blocker?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Blocker>("select * from blockers where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Blocker>> ListOpenAsync(long teamId, CancellationToken cancellationToken) =>
        db.QueryAsync<Blocker>(
            "select * from blockers where team_id = @teamId and resolved_at is null order by opened_at, id", new { teamId }, cancellationToken);

    public Task UpdateAsync(Blocker blocker, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update blockers set text = @Text, cycles_open = @CyclesOpen, resolved_at = @ResolvedAt where id = @Id",
            blocker,
            cancellationToken);
}
