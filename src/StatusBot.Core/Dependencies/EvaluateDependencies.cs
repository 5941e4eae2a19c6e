using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Dependencies;

/// <summary>The slip scan: see <see cref="IDependencyEvaluator"/>. Idempotent: a second run with nothing new changes nothing.</summary>
public sealed class EvaluateDependencies(IStatusBotStore store, TimeProvider time, SlipRuleOptions options) : IDependencyEvaluator
{
    // Run again from its reads when a concurrent writer changed a dependency first (UnitOfWork).
    public Task<IReadOnlyList<DependencyStateChange>> EvaluateAsync(long programId, CancellationToken cancellationToken) =>
        store.RunAsync(session => EvaluateAsync(session, programId, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<DependencyStateChange>> EvaluateAsync(IStoreSession session, long programId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var program = await session.Programs.GetAsync(programId, cancellationToken)
            ?? throw new ArgumentException($"There is no program {programId}.", nameof(programId));
        var now = time.GetUtcNow();
        var dependencies = await session.Dependencies.ListAsync(programId, cancellationToken);
        var lastEta = (await session.Dependencies.ListLatestEtaChangesAsync(programId, cancellationToken)).ToDictionary(e => e.DependencyId);
        var teamStatus = TeamStatusRule.PerTeam(await session.History.ListLatestAnswersAsync(programId, cancellationToken));
        return await ApplyAsync(session, program, dependencies, lastEta, teamStatus, now, announce: true, cancellationToken);
    }

    public async Task<IReadOnlyList<DependencyStateChange>> EvaluateProvidedByAsync(IStoreSession session, long providerTeamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var team = await session.Teams.GetAsync(providerTeamId, cancellationToken)
            ?? throw new ArgumentException($"There is no team {providerTeamId}.", nameof(providerTeamId));
        return await EvaluateProvidedByAsync(session, team, null, cancellationToken);
    }

    // An answer's evaluation: the changes are stored now, their notices queued by AnnouncePendingAsync after the commit.
    public Task<IReadOnlyList<DependencyStateChange>> EvaluateProvidedByAsync(IStoreSession session, Team providerTeam, long latestAnsweredCycleId, CancellationToken cancellationToken) =>
        EvaluateProvidedByAsync(session, providerTeam, (long?)latestAnsweredCycleId, cancellationToken);

    /// <summary>
    /// Queues the notices of the state changes answers left unannounced (<see cref="DependencyStateChange.AnnouncedAt"/>
    /// null), in one unit of work: each program's graph, teams and leads are read once for all its pending changes, so a
    /// burst of answers costs one program-wide read per pass, not one per answer. Idempotent (the notices' dedup keys, and
    /// each change is marked announced in the same transaction). Returns how many changes it announced; the
    /// <c>StateChangeAnnouncementWorker</c> calls it every few hundred milliseconds.
    /// </summary>
    public Task<int> AnnouncePendingAsync(CancellationToken cancellationToken) =>
        store.RunAsync(session => AnnouncePendingAsync(session, MaxAnnouncedPerPass, cancellationToken), cancellationToken);

    /// <summary>Changes announced per unit of work at most; the worker runs again at once when a pass was full.</summary>
    public const int MaxAnnouncedPerPass = 500;

    public async Task<int> AnnouncePendingAsync(IStoreSession session, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var pending = await session.Dependencies.ClaimUnannouncedStateChangesAsync(max, cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        foreach (var program in pending.GroupBy(p => p.ProgramId))
        {
            var found = await session.Programs.GetAsync(program.Key, cancellationToken);
            if (found is null)
            {
                continue; // The program is gone with its dependencies' notices: nothing to announce, only to mark.
            }

            var current = await session.Dependencies.ListAsync(found.Id, cancellationToken);
            var byId = current.ToDictionary(d => d.Id);
            // The dependency as the change left it (its state and slip), with what it says now (name, dates).
            var changed = program
                .Where(p => byId.ContainsKey(p.Change.DependencyId))
                .Select(p => (byId[p.Change.DependencyId] with { State = p.Change.ToState, SlipDays = p.Change.SlipDays }, p.Change))
                .ToList();
            var today = (await TeamCalendar.LoadAsync(session, found, cancellationToken)).ProgramToday(now);
            await NotifyAsync(session, found, current, changed, today, now, cancellationToken);
        }

        await session.Dependencies.MarkAnnouncedAsync(pending.Select(p => p.Change.Id).ToList(), now, cancellationToken);
        return pending.Count;
    }

    private async Task<IReadOnlyList<DependencyStateChange>> EvaluateProvidedByAsync(IStoreSession session, Team team, long? latestAnsweredCycleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(team);
        var providerTeamId = team.Id;
        var provided = await session.Dependencies.ListProvidedByAsync(providerTeamId, cancellationToken);
        if (provided.Count == 0)
        {
            return [];
        }

        var program = (await session.Programs.GetAsync(team.ProgramId, cancellationToken))!;
        // One read for the latest ETA change of each, not one per dependency: this runs inside every answer.
        var lastEta = (await session.Dependencies.ListLatestEtaChangesProvidedByAsync(providerTeamId, cancellationToken)).ToDictionary(e => e.DependencyId);

        // The team's latest answered cycle, newest first: usually the open one, so one or two small reads (one when the
        // caller just answered it).
        var teamStatus = new Dictionary<long, CheckInStatus>();
        IEnumerable<long> cycles = latestAnsweredCycleId is { } answered
            ? [answered]
            : (await session.CheckIns.ListCyclesAsync(providerTeamId, cancellationToken)).Reverse().Select(c => c.Id);
        foreach (var cycleId in cycles)
        {
            // Which statuses occur, not every answer: the worst decides, and a large team's answers are not read for it.
            if (TeamStatusRule.Of(await session.CheckIns.ListAnswerStatusesAsync(cycleId, cancellationToken)) is { } status)
            {
                teamStatus[providerTeamId] = status;
                break;
            }
        }

        // Announced inline unless this is an answer's evaluation (latestAnsweredCycleId given): see AnnouncePendingAsync.
        return await ApplyAsync(session, program, provided, lastEta, teamStatus, time.GetUtcNow(), announce: latestAnsweredCycleId is null, cancellationToken);
    }

    private async Task<IReadOnlyList<DependencyStateChange>> ApplyAsync(
        IStoreSession session,
        Program program,
        IReadOnlyList<Dependency> dependencies,
        Dictionary<long, EtaChange> lastEta,
        Dictionary<long, CheckInStatus> teamStatus,
        DateTimeOffset now,
        bool announce,
        CancellationToken cancellationToken)
    {
        // A need-by date is a date of the consumer team, who needs the thing: it passes at the team's local midnight,
        // not at UTC's (which would slip a US-Pacific dependency at 16:00 on its own need-by day).
        var calendar = await TeamCalendar.LoadAsync(session, program, cancellationToken);
        var today = calendar.ProgramToday(now);
        var changed = new List<(Dependency Dependency, DependencyStateChange Change)>();
        foreach (var dependency in dependencies)
        {
            var evaluation = SlipRules.EvaluateDependency(
                dependency,
                lastEta.GetValueOrDefault(dependency.Id),
                teamStatus.TryGetValue(dependency.ProviderTeamId, out var status) ? status : null,
                calendar.Today(dependency.ConsumerTeamId, now),
                options);
            var updated = dependency with { State = evaluation.State, SlipDays = evaluation.SlipDays };
            if (updated == dependency)
            {
                continue;
            }

            // Conditional on the version read: an evaluation racing another, or a `dep done`, fails here and re-reads.
            updated = await session.Dependencies.UpdateAsync(updated, cancellationToken);
            if (evaluation.State == dependency.State)
            {
                continue; // Only the slip grew: stored, but the state was already announced.
            }

            var change = await session.Dependencies.AddStateChangeAsync(
                new DependencyStateChange
                {
                    DependencyId = dependency.Id,
                    FromState = dependency.State,
                    ToState = evaluation.State,
                    SlipDays = evaluation.SlipDays,
                    Reason = evaluation.Reason,
                    ChangedAt = now,
                    DependencyVersion = updated.Version,
                    AnnouncedAt = announce ? now : null,
                },
                cancellationToken);
            changed.Add((updated, change));
        }

        if (announce && changed.Count > 0)
        {
            // The impact is computed on the whole program's graph as it now stands (this session sees its own updates).
            var current = await session.Dependencies.ListAsync(program.Id, cancellationToken);
            await NotifyAsync(session, program, current, changed, today, now, cancellationToken);
        }

        return changed.Select(c => c.Change).ToList();
    }

    /// <summary>
    /// The outbox dedup key of one notice: derived from the change's unique (dependency, version), so a change is
    /// announced once to each person even if a second evaluation got as far as queueing it.
    /// </summary>
    public static string NoticeKey(DependencyStateChange change, long personId)
    {
        ArgumentNullException.ThrowIfNull(change);
        return $"dependency:{change.DependencyId}:state:{change.ToState}:version:{change.DependencyVersion}:person:{personId}";
    }

    private static async Task NotifyAsync(
        IStoreSession session,
        Program program,
        IReadOnlyList<Dependency> dependencies,
        List<(Dependency Dependency, DependencyStateChange Change)> changed,
        DateOnly today,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var teams = (await session.Teams.ListAsync(program.Id, cancellationToken)).ToDictionary(t => t.Id);
        var leads = (await session.History.ListLeadsAsync(program.Id, cancellationToken)).ToLookup(m => m.TeamId, m => m.PersonId);
        var tpms = (await session.Programs.ListRolesAsync(program.Id, cancellationToken)).Where(r => r.Role == Role.Tpm).Select(r => r.PersonId).ToList();
        // Only the people who may be told, not the whole program's.
        var recipientIds = changed
            .SelectMany(c => leads[c.Dependency.ConsumerTeamId].Concat(leads[c.Dependency.ProviderTeamId]))
            .Concat(tpms)
            .ToHashSet();
        var people = (await session.History.ListPeopleAsync(program.Id, recipientIds, cancellationToken)).ToDictionary(p => p.Id);
        DependencyGraph? graph = null;
        try
        {
            graph = DependencyGraph.Build(
                dependencies,
                await session.Milestones.ListAsync(program.Id, cancellationToken),
                today,
                await session.Dependencies.ListLinksAsync(program.Id, cancellationToken));
        }
        catch (DependencyCycleException)
        {
            // Links are checked when made; a cycle here came from outside. Notify without the impact rather than not at all.
        }

        foreach (var (dependency, change) in changed)
        {
            var impact = graph is not null && change.ToState is DependencyState.Slipped or DependencyState.AtRisk
                ? graph.Impact(NodeRef.Dependency(dependency.Id))
                : null;
            var message = DependencyStateMessage.Build(dependency, change, teams, impact);
            var recipients = leads[dependency.ConsumerTeamId].Concat(leads[dependency.ProviderTeamId]).Concat(tpms).Distinct();
            foreach (var personId in recipients)
            {
                if (!people.TryGetValue(personId, out var person) || !person.Active)
                {
                    continue;
                }

                await session.Outbox.EnqueueAsync(
                    OutboxMessage.DirectMessageTo(person.Identity, message, NoticeKey(change, personId), program.Id, now),
                    cancellationToken);
            }
        }
    }
}
