using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Decisions;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Digests;

/// <summary>
/// Reads a program's week from the store into a <see cref="DigestModel"/>: about a dozen program-wide queries,
/// whatever the number of teams, then pure decisions (roll-up, graph impact, blocker age, risk ranking).
/// </summary>
/// <remarks>With <paramref name="links"/> (the host's signed, expiring dashboard links) the digest links there; without, to the plain URL.</remarks>
public sealed class DigestModelLoader(TimeProvider time, DigestOptions digestOptions, BlockerOptions blockerOptions, IProgramLinks? links = null)
{
    public async Task<DigestModel> LoadAsync(IStoreSession session, long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var program = await session.Programs.GetAsync(programId, cancellationToken)
            ?? throw new ArgumentException($"There is no program {programId}.", nameof(programId));
        // Cycles are keyed by the Monday of their week; any day of the week asks for that week.
        weekOf = BlockerAge.MondayOf(weekOf);
        var calendar = await TeamCalendar.LoadAsync(session, programId, cancellationToken);
        var today = calendar.ProgramToday(time.GetUtcNow());
        var lastWeek = weekOf.AddDays(-7);

        var teams = await session.Teams.ListAsync(programId, cancellationToken);
        var teamNames = teams.ToDictionary(t => t.Id, t => t.Name);
        // Counts and statuses per team, and only the people who did not answer: the reads grow with the number of teams
        // and of non-answerers, not with every answer of a 10,000-person team.
        var statusCounts = await session.History.ListStatusCountsAsync(programId, lastWeek, weekOf, cancellationToken);
        var thisWeek = WorstPerTeam(statusCounts.Where(c => c.WeekOf == weekOf));
        var previous = WorstPerTeam(statusCounts.Where(c => c.WeekOf == lastWeek));
        var asked = (await session.History.ListAskedCountsAsync(programId, weekOf, cancellationToken)).ToDictionary(c => c.TeamId);
        var notAnsweredMembers = await session.History.ListNotAnsweredAsync(programId, weekOf, cancellationToken);

        var dependencies = await session.Dependencies.ListAsync(programId, cancellationToken);
        var milestones = await session.Milestones.ListAsync(programId, cancellationToken);
        DependencyGraph? graph;
        try
        {
            graph = DependencyGraph.Build(dependencies, milestones, today, await session.Dependencies.ListLinksAsync(programId, cancellationToken));
        }
        catch (DependencyCycleException)
        {
            graph = null; // Links are checked when made; a stored cycle must not stop the digest.
        }

        var critical = graph?.CriticalNodes() ?? new HashSet<NodeRef>();
        var rollup = ProgramStatusRollup.Evaluate(new RollupInput(teams, thisWeek, dependencies, critical, program.StatusOverride));

        var openBlockers = await session.History.ListOpenBlockersAsync(programId, cancellationToken);
        var programRisks = await session.Risks.ListAsync(programId, cancellationToken);
        var programDecisions = await session.Decisions.ListAsync(programId, cancellationToken);
        var programLeads = await session.History.ListLeadsAsync(programId, cancellationToken);
        // Only the people a mention names are read (owners, deciders, leads, who set the note or override), not everyone.
        long?[] setters = [program.StatusNote?.SetByPersonId, program.StatusOverride?.SetByPersonId];
        var mentioned = openBlockers.Select(b => (long?)b.PersonId)
            .Concat(programRisks.Select(r => r.OwnerPersonId))
            .Concat(programDecisions.Select(d => (long?)d.DecidedByPersonId))
            .Concat(programLeads.Select(l => (long?)l.PersonId))
            .Concat(setters)
            .OfType<long>()
            .ToHashSet();
        var people = (await session.History.ListNamedPeopleAsync(programId, mentioned, cancellationToken)).ToDictionary(p => p.Id);
        var blockers = await LoadBlockersAsync(session, programId, openBlockers, weekOf, calendar, teamNames, people, cancellationToken);
        // Resolved in the team's own week: read a day either side of the UTC week, then keep each team's local week.
        var weekStart = new DateTimeOffset(weekOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var resolvedThisWeek = (await session.History.ListResolvedBlockersAsync(programId, weekStart.AddDays(-1), weekStart.AddDays(8), cancellationToken))
            .Where(b => b.ResolvedAt is { } at && calendar.WeekOf(b.TeamId, at) == weekOf)
            .Select(b => b.Id)
            .ToList();
        var topBlocker = blockers.GroupBy(b => b.Team).ToDictionary(g => g.Key, g => g.OrderByDescending(b => b.CyclesOpen).ThenBy(b => b.BlockerId).First().Text);

        var teamLines = teams
            .Select(t =>
            {
                var status = thisWeek.TryGetValue(t.Id, out var s) ? s : (CheckInStatus?)null;
                var before = previous.TryGetValue(t.Id, out var p) ? p : (CheckInStatus?)null;
                var trend = status is null || before is null || status == before ? Trend.Same : status < before ? Trend.Better : Trend.Worse;
                var counts = asked.GetValueOrDefault(t.Id);
                return new TeamLine(t.Id, t.Name, status, trend, counts?.Answered ?? 0, counts?.Asked ?? 0, topBlocker.GetValueOrDefault(t.Name));
            })
            .OrderBy(l => Severity(l.Status))
            .ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // Ordered before the impact is computed: no digest can show more lines than its block budget, so only those
        // lines pay for a walk of the graph (a large program may have a thousand late dependencies).
        var dependencyLines = dependencies
            .Where(d => d.State is DependencyState.Slipped or DependencyState.AtRisk)
            .Select(d => (Dependency: d, Critical: critical.Contains(NodeRef.Dependency(d.Id))))
            .OrderBy(d => d.Dependency.State == DependencyState.Slipped ? 0 : 1)
            .ThenByDescending(d => d.Critical)
            .ThenByDescending(d => d.Dependency.SlipDays)
            .ThenBy(d => d.Dependency.NeedBy)
            .ThenBy(d => d.Dependency.Id)
            .Select((d, rank) => new DependencyLine(
                d.Dependency.Id,
                d.Dependency.What,
                teamNames.GetValueOrDefault(d.Dependency.ProviderTeamId, "?"),
                teamNames.GetValueOrDefault(d.Dependency.ConsumerTeamId, "?"),
                d.Dependency.State,
                d.Dependency.SlipDays,
                d.Dependency.NeedBy,
                d.Dependency.Eta,
                d.Critical,
                rank < digestOptions.MaxBlocks ? graph?.Impact(NodeRef.Dependency(d.Dependency.Id)) : null))
            .ToList();

        var risks = RiskRegister.Rank(programRisks, today)
            .Take(digestOptions.TopRisks)
            .Select(r => new RiskLine(r.Risk.Id, r.Risk.Title, r.Score, Mention(people, r.Risk.OwnerPersonId), r.Risk.Mitigation, r.Risk.ReviewDate, r.ReviewOverdue))
            .ToList();
        var decisions = DecisionLog.OfWeek(programDecisions, weekOf)
            .Select(d => new DecisionLine(d.Text, Mention(people, d.DecidedByPersonId) ?? "someone", d.DecidedAt))
            .ToList();
        var notAnswered = notAnsweredMembers
            .GroupBy(m => teamNames.GetValueOrDefault(m.TeamId, "?"))
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(m => m.Identity is null || m.DisplayName is null ? "?" : InlineMarkup.Mention(m.Identity, m.DisplayName)).ToList()))
            .ToList();

        var leads = programLeads.ToLookup(m => m.TeamId, m => m.PersonId);
        return new DigestModel
        {
            ProgramId = programId,
            ProgramName = program.Name,
            WeekOf = weekOf,
            Rollup = rollup,
            OverriddenBy = program.StatusOverride is { } o ? Mention(people, o.SetByPersonId) : null,
            OverrideAgeDays = program.StatusOverride is { } set ? Math.Max(0, (int)(time.GetUtcNow() - set.SetAt).TotalDays) : 0,
            Actions = WhatIsBeingDone(program, rollup, risks, dependencyLines, dependencies, blockers, leads, people),
            NeedsAction = rollup.Status != CheckInStatus.OnTrack,
            Teams = teamLines,
            Dependencies = dependencyLines,
            Blockers = blockers,
            ResolvedThisWeek = resolvedThisWeek,
            Risks = risks,
            Decisions = decisions,
            NotAnswered = notAnswered,
            WebUrl = links?.LinkFor(programId) ?? digestOptions.ProgramUrl(programId),
        };
    }

    private async Task<List<BlockerLine>> LoadBlockersAsync(
        IStoreSession session,
        long programId,
        IReadOnlyList<Blocker> openBlockers,
        DateOnly weekOf,
        TeamCalendar calendar,
        Dictionary<long, string> teamNames,
        Dictionary<long, ProgramPerson> people,
        CancellationToken cancellationToken)
    {
        var open = openBlockers
            .Where(b => BlockerAge.OpenedWeek(b, calendar.ZoneOf(b.TeamId)) <= weekOf)
            .ToList();
        if (open.Count == 0)
        {
            return [];
        }

        var oldest = open.Min(b => BlockerAge.OpenedWeek(b, calendar.ZoneOf(b.TeamId)));
        var weeks = (await session.History.ListCycleWeeksAsync(programId, oldest, weekOf, cancellationToken)).ToLookup(c => c.TeamId, c => c.WeekOf);
        return open
            .Select(b =>
            {
                var zone = calendar.ZoneOf(b.TeamId);
                var age = BlockerAge.CyclesOpen(b, weeks[b.TeamId], weekOf, zone);
                return new BlockerLine(
                    b.Id,
                    teamNames.GetValueOrDefault(b.TeamId, "?"),
                    b.Text,
                    Mention(people, b.PersonId) ?? "someone",
                    age,
                    BlockerAge.IsEscalated(age, blockerOptions),
                    BlockerAge.IsNew(b, weekOf, zone));
            })
            .ToList();
    }

    /// <summary>
    /// Recorded facts only, most direct first: the TPM's note (else the override's reason); when the program is not on
    /// track, also the mitigations of the top risks with their owners, the new ETAs of slipped dependencies with the
    /// provider's leads, and the escalated blockers with who raised them. Nothing here is phrased on anyone's behalf:
    /// with nothing recorded the list is empty and the digest says so.
    /// </summary>
    private static List<string> WhatIsBeingDone(
        Program program,
        RollupResult rollup,
        IReadOnlyList<RiskLine> risks,
        IReadOnlyList<DependencyLine> late,
        IReadOnlyList<Dependency> dependencies,
        IReadOnlyList<BlockerLine> blockers,
        ILookup<long, long> leads,
        Dictionary<long, ProgramPerson> people)
    {
        var actions = new List<string>();
        if (program.StatusNote is { } note)
        {
            actions.Add($"{InlineMarkup.Escape(note.Text)} ({Mention(people, note.SetByPersonId) ?? "a TPM"}, {note.SetAt:yyyy-MM-dd})");
        }
        else if (rollup.Override is { } o)
        {
            actions.Add($"{InlineMarkup.Escape(o.Reason)} ({Mention(people, o.SetByPersonId) ?? "a TPM"}, {o.SetAt:yyyy-MM-dd})");
        }

        if (rollup.Status == CheckInStatus.OnTrack)
        {
            return actions;
        }

        actions.AddRange(risks
            .Where(r => !string.IsNullOrWhiteSpace(r.Mitigation))
            .Take(2)
            .Select(r => $"Risk \"{InlineMarkup.Escape(r.Title)}\": {InlineMarkup.Escape(r.Mitigation!)} (owner {r.Owner ?? "not recorded"})"));
        var providers = dependencies.ToDictionary(d => d.Id, d => d.ProviderTeamId);
        foreach (var d in late.Where(d => d.State == DependencyState.Slipped && d.Eta is not null).Take(3))
        {
            var named = leads[providers[d.DependencyId]].Select(id => Mention(people, id)).OfType<string>().ToList();
            var lead = named.Count > 0 ? $"lead {string.Join(", ", named)}" : "no lead recorded";
            actions.Add($"{InlineMarkup.Escape(d.What)}: {InlineMarkup.Escape(d.Provider)} gives a new ETA of {d.Eta:yyyy-MM-dd} ({lead})");
        }

        actions.AddRange(blockers
            .Where(b => b.Escalated)
            .OrderByDescending(b => b.CyclesOpen)
            .ThenBy(b => b.BlockerId)
            .Take(2)
            .Select(b => $"Escalated blocker #{b.BlockerId} of {InlineMarkup.Escape(b.Team)}: \"{InlineMarkup.Escape(b.Text)}\" (raised by {b.Owner}, open {b.CyclesOpen} check-ins)"));
        return actions;
    }

    private static Dictionary<long, CheckInStatus> WorstPerTeam(IEnumerable<TeamStatusCount> counts) =>
        counts.GroupBy(c => c.TeamId).ToDictionary(g => g.Key, g => TeamStatusRule.Of(g.Select(c => c.Status))!.Value);

    private static int Severity(CheckInStatus? status) => status switch
    {
        CheckInStatus.OffTrack => 0,
        CheckInStatus.AtRisk => 1,
        null => 2,
        _ => 3,
    };

    private static string? Mention(Dictionary<long, ProgramPerson> people, long? personId) =>
        personId is { } id && people.TryGetValue(id, out var person) ? InlineMarkup.Mention(person.Identity, person.DisplayName) : null;
}
