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
        var people = (await session.History.ListPeopleAsync(programId, cancellationToken)).ToDictionary(p => p.Id);
        var answers = await session.History.ListAnswersAsync(programId, lastWeek, weekOf, cancellationToken);
        var thisWeek = TeamStatusRule.PerTeam(answers.Where(a => a.WeekOf == weekOf));
        var previous = TeamStatusRule.PerTeam(answers.Where(a => a.WeekOf == lastWeek));
        var asked = await session.History.ListCycleMembersAsync(programId, weekOf, cancellationToken);
        var askedByTeam = asked.ToLookup(m => m.TeamId);
        var answeredBy = answers.Where(a => a.WeekOf == weekOf).Select(a => (a.TeamId, a.PersonId)).ToHashSet();

        var dependencies = await session.Dependencies.ListAsync(programId, cancellationToken);
        var milestones = await session.Milestones.ListAsync(programId, cancellationToken);
        DependencyGraph? graph;
        try
        {
            graph = DependencyGraph.Build(dependencies, milestones, today);
        }
        catch (DependencyCycleException)
        {
            graph = null; // Links are checked when made; a stored cycle must not stop the digest.
        }

        var critical = graph?.CriticalNodes() ?? new HashSet<NodeRef>();
        var rollup = ProgramStatusRollup.Evaluate(new RollupInput(teams, thisWeek, dependencies, critical, program.StatusOverride));

        var blockers = await LoadBlockersAsync(session, programId, weekOf, calendar, teamNames, people, cancellationToken);
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
                var members = askedByTeam[t.Id].ToList();
                var answered = members.Count(m => answeredBy.Contains((t.Id, m.PersonId)));
                return new TeamLine(t.Id, t.Name, status, trend, answered, members.Count, topBlocker.GetValueOrDefault(t.Name));
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

        var risks = RiskRegister.Rank(await session.Risks.ListAsync(programId, cancellationToken), today)
            .Take(digestOptions.TopRisks)
            .Select(r => new RiskLine(r.Risk.Id, r.Risk.Title, r.Score, Mention(people, r.Risk.OwnerPersonId), r.Risk.Mitigation, r.Risk.ReviewDate, r.ReviewOverdue))
            .ToList();
        var decisions = DecisionLog.OfWeek(await session.Decisions.ListAsync(programId, cancellationToken), weekOf)
            .Select(d => new DecisionLine(d.Text, Mention(people, d.DecidedByPersonId) ?? "someone", d.DecidedAt))
            .ToList();
        var notAnswered = asked
            .Where(m => !answeredBy.Contains((m.TeamId, m.PersonId)))
            .GroupBy(m => teamNames.GetValueOrDefault(m.TeamId, "?"))
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(m => Mention(people, m.PersonId) ?? "?").ToList()))
            .ToList();

        var leads = (await session.History.ListLeadsAsync(programId, cancellationToken)).ToLookup(m => m.TeamId, m => m.PersonId);
        return new DigestModel
        {
            ProgramId = programId,
            ProgramName = program.Name,
            WeekOf = weekOf,
            Rollup = rollup,
            OverriddenBy = program.StatusOverride is { } o ? Mention(people, o.SetByPersonId) : null,
            Action = WhatIsBeingDone(rollup, risks, dependencyLines, dependencies, leads, people),
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
        DateOnly weekOf,
        TeamCalendar calendar,
        Dictionary<long, string> teamNames,
        Dictionary<long, ProgramPerson> people,
        CancellationToken cancellationToken)
    {
        var open = (await session.History.ListOpenBlockersAsync(programId, cancellationToken))
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

    /// <summary>The TPM's note when overridden; else the mitigations of the top risks; else who owns the late items.</summary>
    private static string? WhatIsBeingDone(
        RollupResult rollup,
        IReadOnlyList<RiskLine> risks,
        IReadOnlyList<DependencyLine> late,
        IReadOnlyList<Dependency> dependencies,
        ILookup<long, long> leads,
        Dictionary<long, ProgramPerson> people)
    {
        if (rollup.Override is { } o)
        {
            return InlineMarkup.Escape(o.Reason);
        }

        if (rollup.Status == CheckInStatus.OnTrack)
        {
            return null;
        }

        var mitigations = risks.Where(r => !string.IsNullOrWhiteSpace(r.Mitigation)).Take(2).Select(r => $"{InlineMarkup.Escape(r.Title)}: {InlineMarkup.Escape(r.Mitigation!)}").ToList();
        if (mitigations.Count > 0)
        {
            return string.Join("; ", mitigations);
        }

        var providers = dependencies.ToDictionary(d => d.Id, d => d.ProviderTeamId);
        var owners = late.Take(3).Select(d =>
        {
            var lead = leads[providers[d.DependencyId]].Select(id => Mention(people, id)).FirstOrDefault(m => m is not null);
            return $"{InlineMarkup.Escape(d.What)}: {InlineMarkup.Escape(d.Provider)}{(lead is null ? string.Empty : $" ({lead})")}";
        }).ToList();
        return owners.Count > 0 ? "Owners: " + string.Join("; ", owners) : "Team leads are following up with their teams.";
    }

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
