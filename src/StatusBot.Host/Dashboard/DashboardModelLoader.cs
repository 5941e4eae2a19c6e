using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;

namespace StatusBot.Host.Dashboard;

/// <summary>Reads a program's dashboard: eight weeks of team status, the dependency map, risks and blockers.</summary>
public sealed class DashboardModelLoader(IStatusBotStore store, TimeProvider time, IServiceProvider services)
{
    public const int WeeksShown = 8;

    /// <summary>The history section shows the latest moves only; the full trail is in <c>audit</c> and the export.</summary>
    public const int DateMovesShown = 20;

    public async Task<DashboardModel?> LoadAsync(long programId, CancellationToken cancellationToken)
    {
        var model = await LoadPageAsync(programId, cancellationToken);

        // The digest is built after the page's own session has ended: on SQLite a session holds the write
        // lock, and the digest builder opens its own. A host without the digest feature shows the rest.
        return model is not null && services.GetService(typeof(IDigestBuilder)) is IDigestBuilder builder
            ? model with { Digest = await builder.BuildAsync(programId, model.WeekOf, cancellationToken) }
            : model;
    }

    /// <summary>The workspace the program belongs to (null when there is no such program), for reader-token checks.</summary>
    public async Task<string?> WorkspaceOfAsync(long programId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return (await session.Programs.GetAsync(programId, cancellationToken))?.WorkspaceId;
    }

    private async Task<DashboardModel?> LoadPageAsync(long programId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var program = await session.Programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        // Dates in the program's zone (its digest slot's, else its teams'), not UTC's.
        var calendar = await TeamCalendar.LoadAsync(session, programId, cancellationToken);
        var today = calendar.ProgramToday(now);
        var weekOf = BlockerAge.MondayOf(today);
        var weeks = Enumerable.Range(0, WeeksShown).Select(i => weekOf.AddDays(-7 * (WeeksShown - 1 - i))).ToList();

        var teams = await session.Teams.ListAsync(programId, cancellationToken);
        var answers = (await session.History.ListAnswersAsync(programId, weeks[0], weekOf, cancellationToken))
            .ToLookup(a => (a.TeamId, a.WeekOf));
        var cycleWeeks = await session.History.ListCycleWeeksAsync(programId, weeks[0], weekOf, cancellationToken);

        // One program-wide query per week shown, not one per cycle: a 200-team program has 1,600 cycles on the page.
        var asked = new Dictionary<(long TeamId, DateOnly Week), int>();
        foreach (var week in weeks)
        {
            foreach (var team in (await session.History.ListCycleMembersAsync(programId, week, cancellationToken)).GroupBy(m => m.TeamId))
            {
                asked[(team.Key, week)] = team.Count();
            }
        }

        var grid = cycleWeeks.ToDictionary(
            cycle => (cycle.TeamId, cycle.WeekOf),
            cycle =>
            {
                var cycleAnswers = answers[(cycle.TeamId, cycle.WeekOf)].ToList();
                return new GridCell(TeamStatusRule.Of(cycleAnswers.Select(a => a.Status)), cycleAnswers.Count, asked.GetValueOrDefault((cycle.TeamId, cycle.WeekOf)));
            });

        var dependencies = await session.Dependencies.ListAsync(programId, cancellationToken);
        var milestones = await session.Milestones.ListAsync(programId, cancellationToken);
        var critical = CriticalDependencies(dependencies, milestones, await session.Dependencies.ListLinksAsync(programId, cancellationToken), today);

        var risks = RiskRegister.Rank(await session.Risks.ListAsync(programId, cancellationToken), today);
        var teamNames = teams.ToDictionary(t => t.Id, t => t.Name);
        var openBlockers = await session.History.ListOpenBlockersAsync(programId, cancellationToken);
        // Who raised each is named as they are now, also after leaving the program ("former member #N" once forgotten).
        var people = (await session.History.ListNamedPeopleAsync(programId, openBlockers.Select(b => b.PersonId).ToHashSet(), cancellationToken))
            .ToDictionary(p => p.Id, p => p.DisplayName);
        var blockers = openBlockers
            .Select(b => new BlockerRow(
                b.Id,
                teamNames.GetValueOrDefault(b.TeamId, "?"),
                people.GetValueOrDefault(b.PersonId, "?"),
                b.Text,
                (int)(now - b.OpenedAt).TotalDays,
                b.CyclesOpen))
            .OrderByDescending(b => b.AgeDays)
            .ToList();

        var moves = await DateMovesAsync(session, programId, dependencies, milestones, calendar, cancellationToken);
        return new DashboardModel(program.Id, program.Name, weekOf, teams, weeks, grid, dependencies, critical, risks, blockers, moves, Digest: null);
    }

    /// <summary>The latest recorded moves of dependency ETAs and milestone dates, newest first.</summary>
    private static async Task<IReadOnlyList<DateMove>> DateMovesAsync(
        IStoreSession session, long programId, IReadOnlyList<Dependency> dependencies, IReadOnlyList<Core.Milestones.Milestone> milestones, TeamCalendar calendar, CancellationToken cancellationToken)
    {
        var dependencyNames = dependencies.ToDictionary(d => d.Id, d => $"Dependency #{d.Id} {d.What}");
        var milestoneNames = milestones.ToDictionary(m => m.Id, m => $"Milestone #{m.Id} {m.Name}");
        var etaMoves = (await session.Dependencies.ListProgramEtaChangesAsync(programId, DateMovesShown, cancellationToken))
            .Select(c => (What: dependencyNames.GetValueOrDefault(c.DependencyId, $"Dependency #{c.DependencyId}"), Date: "ETA", c.FromEta, c.ToEta, c.ChangedByPersonId, c.ChangedAt));
        var milestoneMoves = (await session.Milestones.ListProgramDateChangesAsync(programId, DateMovesShown, cancellationToken))
            .Select(c => (What: milestoneNames.GetValueOrDefault(c.MilestoneId, $"Milestone #{c.MilestoneId}"), Date: "date", FromEta: (DateOnly?)c.FromDate, ToEta: (DateOnly?)c.ToDate, c.ChangedByPersonId, c.ChangedAt));
        var moves = new List<DateMove>();
        var names = new Dictionary<long, string>(); // a few people make most moves: read each once
        foreach (var move in etaMoves.Concat(milestoneMoves).OrderByDescending(m => m.ChangedAt).Take(DateMovesShown))
        {
            if (!names.TryGetValue(move.ChangedByPersonId, out var by))
            {
                by = (await session.People.GetAsync(move.ChangedByPersonId, cancellationToken))?.DisplayName ?? "someone";
                names[move.ChangedByPersonId] = by;
            }

            moves.Add(new DateMove(move.What, move.Date, move.FromEta, move.ToEta, by, calendar.ProgramToday(move.ChangedAt), move.ChangedAt));
        }

        return moves;
    }

    /// <summary>Dependencies on the critical path of any milestone not yet reached: they set a milestone's date.</summary>
    private static HashSet<long> CriticalDependencies(
        IReadOnlyList<Dependency> dependencies, IReadOnlyList<Core.Milestones.Milestone> milestones, IReadOnlyList<DependencyLink> links, DateOnly today)
    {
        try
        {
            var graph = DependencyGraph.Build(dependencies, milestones, today, links);
            return graph.CriticalNodes()
                .Where(node => node.Kind == GraphNodeKind.Dependency)
                .Select(node => node.Id)
                .ToHashSet();
        }
        catch (DependencyCycleException)
        {
            // Cycles are refused when links are added; a stored one is shown without a critical path.
            return [];
        }
    }
}
