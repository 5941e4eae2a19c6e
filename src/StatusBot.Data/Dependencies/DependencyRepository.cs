using StatusBot.Core.Dependencies;
using StatusBot.Core.Storage;

namespace StatusBot.Data.Dependencies;

internal sealed class DependencyRepository(DapperStoreSession db) : IDependencyRepository
{
    public Task<Dependency> AddAsync(Dependency dependency, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Dependency>(
            """
            insert into dependencies (program_id, consumer_team_id, provider_team_id, what, need_by, eta, milestone_id,
                                      feeds_dependency_id, state, slip_days, delivered_at, created_by_person_id, created_at)
            values (@ProgramId, @ConsumerTeamId, @ProviderTeamId, @What, @NeedBy, @Eta, @MilestoneId,
                    @FeedsDependencyId, @State, @SlipDays, @DeliveredAt, @CreatedByPersonId, @CreatedAt)
            returning *
            """,
            Parameters(dependency),
            cancellationToken);

    public Task<Dependency?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Dependency>("select * from dependencies where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Dependency>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Dependency>("select * from dependencies where program_id = @programId order by id", new { programId }, cancellationToken);

    public Task<IReadOnlyList<Dependency>> ListProvidedByAsync(long providerTeamId, CancellationToken cancellationToken) =>
        db.QueryAsync<Dependency>(
            "select * from dependencies where provider_team_id = @providerTeamId order by id", new { providerTeamId }, cancellationToken);

    public Task<IReadOnlyList<Dependency>> ListProvidedByAsync(IReadOnlyCollection<long> providerTeamIds, CancellationToken cancellationToken) =>
        db.QueryAsync<Dependency>(
            $"select * from dependencies where {db.Dialect.AnyOf("provider_team_id", "@providerTeamIds")} order by id", new { providerTeamIds = providerTeamIds.ToArray() }, cancellationToken);

    // Conditional on the version read: on PostgreSQL a concurrent writer's row lock makes this wait, and the version is
    // then checked against the row as that writer committed it (read committed re-checks the where clause).
    public async Task<Dependency> UpdateAsync(Dependency dependency, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<Dependency>(
            """
            update dependencies set what = @What, need_by = @NeedBy, eta = @Eta, milestone_id = @MilestoneId,
                feeds_dependency_id = @FeedsDependencyId, state = @State, slip_days = @SlipDays, delivered_at = @DeliveredAt,
                version = version + 1
            where id = @Id and version = @Version
            returning *
            """,
            Parameters(dependency),
            cancellationToken)
        ?? throw new ConcurrencyConflictException($"Dependency #{dependency.Id} changed since it was read (version {dependency.Version}).");

    public Task<EtaChange> AddEtaChangeAsync(EtaChange change, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<EtaChange>(
            """
            insert into eta_changes (dependency_id, from_eta, to_eta, changed_by_person_id, changed_at)
            values (@DependencyId, @FromEta, @ToEta, @ChangedByPersonId, @ChangedAt)
            returning *
            """,
            change,
            cancellationToken);

    public Task<IReadOnlyList<EtaChange>> ListEtaChangesAsync(long dependencyId, CancellationToken cancellationToken) =>
        db.QueryAsync<EtaChange>(
            "select * from eta_changes where dependency_id = @dependencyId order by changed_at, id", new { dependencyId }, cancellationToken);

    // Latest as ListEtaChangesAsync orders them (by time, then id), one row per dependency, in one round trip.
    public Task<IReadOnlyList<EtaChange>> ListLatestEtaChangesProvidedByAsync(long providerTeamId, CancellationToken cancellationToken) =>
        db.QueryAsync<EtaChange>(
            """
            select e.* from eta_changes e
            join dependencies d on d.id = e.dependency_id
            where d.provider_team_id = @providerTeamId
              and e.id = (select e2.id from eta_changes e2 where e2.dependency_id = e.dependency_id order by e2.changed_at desc, e2.id desc limit 1)
            order by e.dependency_id
            """,
            new { providerTeamId },
            cancellationToken);

    public Task<IReadOnlyList<EtaChange>> ListProgramEtaChangesAsync(long programId, int limit, CancellationToken cancellationToken) =>
        db.QueryAsync<EtaChange>(
            """
            select e.* from eta_changes e
            join dependencies d on d.id = e.dependency_id
            where d.program_id = @programId
            order by e.changed_at desc, e.id desc
            limit @limit
            """,
            new { programId, limit },
            cancellationToken);

    public Task<IReadOnlyList<EtaChange>> ListLatestEtaChangesAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<EtaChange>(
            """
            select e.* from eta_changes e
            join dependencies d on d.id = e.dependency_id
            where d.program_id = @programId
              and e.id = (select max(e2.id) from eta_changes e2 where e2.dependency_id = e.dependency_id)
            order by e.dependency_id
            """,
            new { programId },
            cancellationToken);

    public async Task<bool> AddLinkAsync(DependencyLink link, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            insert into dependency_links (upstream_id, downstream_id, created_by_person_id, created_at)
            values (@UpstreamId, @DownstreamId, @CreatedByPersonId, @CreatedAt)
            on conflict (upstream_id, downstream_id) do nothing
            """,
            link,
            cancellationToken) > 0;

    public Task<IReadOnlyList<DependencyLink>> ListLinksAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<DependencyLink>(
            """
            select l.* from dependency_links l
            join dependencies d on d.id = l.downstream_id
            where d.program_id = @programId
            order by l.upstream_id, l.downstream_id
            """,
            new { programId },
            cancellationToken);

    // The unique (dependency, version) key is the last line of defence: the versioned update already lets one writer
    // through per version, so a second change at one version means this unit of work raced and must re-read.
    public async Task<DependencyStateChange> AddStateChangeAsync(DependencyStateChange change, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<DependencyStateChange>(
            """
            insert into dependency_state_changes (dependency_id, from_state, to_state, slip_days, reason, changed_at, dependency_version, announced_at)
            values (@DependencyId, @FromState, @ToState, @SlipDays, @Reason, @ChangedAt, @DependencyVersion, @AnnouncedAt)
            on conflict (dependency_id, dependency_version) do nothing
            returning *
            """,
            new
            {
                change.DependencyId,
                FromState = change.FromState.ToString(),
                ToState = change.ToState.ToString(),
                change.SlipDays,
                change.Reason,
                change.ChangedAt,
                change.DependencyVersion,
                change.AnnouncedAt,
            },
            cancellationToken)
        ?? throw new ConcurrencyConflictException($"The change of dependency #{change.DependencyId} at version {change.DependencyVersion} is already recorded.");

    // The partial index on unannounced changes keeps this a short index scan however long the history grows.
    public async Task<IReadOnlyList<(long ProgramId, DependencyStateChange Change)>> ClaimUnannouncedStateChangesAsync(int max, CancellationToken cancellationToken)
    {
        var changes = await db.QueryAsync<DependencyStateChange>(
            $"select * from dependency_state_changes where announced_at is null order by id limit @max {db.Dialect.SkipLockedClause}",
            new { max },
            cancellationToken);
        if (changes.Count == 0)
        {
            return [];
        }

        var programs = (await db.QueryAsync<(long Id, long ProgramId)>(
            $"select id, program_id from dependencies where {db.Dialect.AnyOf("id", "@ids")}",
            new { ids = changes.Select(c => c.DependencyId).Distinct().ToArray() },
            cancellationToken)).ToDictionary(d => d.Id, d => d.ProgramId);
        return changes.Select(c => (programs[c.DependencyId], c)).ToList();
    }

    public Task MarkAnnouncedAsync(IReadOnlyCollection<long> changeIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            $"update dependency_state_changes set announced_at = @at where {db.Dialect.AnyOf("id", "@ids")}",
            new { at, ids = changeIds.ToArray() },
            cancellationToken);

    public Task<IReadOnlyList<DependencyStateChange>> ListStateChangesAsync(long dependencyId, CancellationToken cancellationToken) =>
        db.QueryAsync<DependencyStateChange>(
            "select * from dependency_state_changes where dependency_id = @dependencyId order by id", new { dependencyId }, cancellationToken);

    private static object Parameters(Dependency d) => new
    {
        d.Id,
        d.ProgramId,
        d.ConsumerTeamId,
        d.ProviderTeamId,
        d.What,
        d.NeedBy,
        d.Eta,
        d.MilestoneId,
        d.FeedsDependencyId,
        State = d.State.ToString(),
        d.SlipDays,
        d.DeliveredAt,
        d.CreatedByPersonId,
        d.CreatedAt,
        d.Version,
    };
}
