using StatusBot.Core.Blockers;

namespace StatusBot.Data.Blockers;

internal sealed class BlockerRepository(DapperStoreSession db) : IBlockerRepository
{
    public Task<Blocker> AddAsync(Blocker blocker, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Blocker>(
            """
            insert into blockers (team_id, person_id, raised_in_cycle_id, text, opened_at, resolved_at, cycles_open, resolved_by_person_id, resolution_note)
            values (@TeamId, @PersonId, @RaisedInCycleId, @Text, @OpenedAt, @ResolvedAt, @CyclesOpen, @ResolvedByPersonId, @ResolutionNote)
            returning *
            """,
            blocker,
            cancellationToken);

    public Task<Blocker?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Blocker>("select * from blockers where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Blocker>> ListOpenAsync(long teamId, CancellationToken cancellationToken) =>
        db.QueryAsync<Blocker>(
            "select * from blockers where team_id = @teamId and resolved_at is null order by opened_at, id", new { teamId }, cancellationToken);

    public Task<IReadOnlyList<Blocker>> ListOpenAsync(IReadOnlyCollection<long> teamIds, CancellationToken cancellationToken) =>
        db.QueryAsync<Blocker>(
            $"select * from blockers where {db.Dialect.AnyOf("team_id", "@teamIds")} and resolved_at is null order by opened_at, id", new { teamIds = teamIds.ToArray() }, cancellationToken);

    // The resolution columns are left alone: an ageing pass holding a stale copy must not reopen a blocker just resolved.
    public Task UpdateAsync(Blocker blocker, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update blockers set text = @Text, cycles_open = @CyclesOpen where id = @Id",
            blocker,
            cancellationToken);

    public async Task<bool> ResolveAsync(long id, long personId, string? note, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "update blockers set resolved_at = @at, resolved_by_person_id = @personId, resolution_note = @note where id = @id and resolved_at is null",
            new { id, personId, note, at },
            cancellationToken) == 1;
}
