using StatusBot.Core.CheckIns;
using StatusBot.Core.Programs;
using StatusBot.Core.Storage;

namespace StatusBot.Host.Export;

/// <summary>Reads a program's whole history for the export, in one store session (one consistent snapshot).</summary>
public sealed class ProgramExportLoader(IStatusBotStore store, TimeProvider time)
{
    /// <summary>Every row: the export is the full record, not the dashboard's latest few.</summary>
    private const int All = 1_000_000;

    private static readonly DateTimeOffset Beginning = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<ProgramExport?> LoadAsync(long programId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var program = await session.Programs.GetAsync(programId, cancellationToken);
        if (program is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var names = new PersonNames(session, cancellationToken);
        var teams = (await session.Teams.ListAsync(programId, cancellationToken)).ToDictionary(t => t.Id);
        var teamWeeks = await TeamWeeksAsync(session, programId, teams.ToDictionary(t => t.Key, t => t.Value.Name), now, cancellationToken);

        var milestones = await session.Milestones.ListAsync(programId, cancellationToken);
        var etaChanges = (await session.Dependencies.ListProgramEtaChangesAsync(programId, All, cancellationToken)).ToLookup(c => c.DependencyId);
        var dependencies = new List<DependencyRow>();
        foreach (var d in (await session.Dependencies.ListAsync(programId, cancellationToken)).OrderBy(d => d.Id))
        {
            var changes = new List<DateChangeRow>();
            foreach (var change in etaChanges[d.Id].OrderBy(c => c.ChangedAt).ThenBy(c => c.Id))
            {
                changes.Add(new DateChangeRow(change.FromEta, change.ToEta, await names.OfAsync(change.ChangedByPersonId), change.ChangedAt));
            }

            dependencies.Add(new DependencyRow(
                d.Id, d.What, TeamName(teams, d.ConsumerTeamId), TeamName(teams, d.ProviderTeamId), d.NeedBy, d.Eta, Snake(d.State.ToString()), d.SlipDays,
                milestones.FirstOrDefault(m => m.Id == d.MilestoneId)?.Name, d.CreatedAt, d.DeliveredAt, changes));
        }

        var dateChanges = (await session.Milestones.ListProgramDateChangesAsync(programId, All, cancellationToken)).ToLookup(c => c.MilestoneId);
        var milestoneRows = new List<MilestoneRow>();
        foreach (var m in milestones.OrderBy(m => m.Id))
        {
            var changes = new List<DateChangeRow>();
            foreach (var change in dateChanges[m.Id].OrderBy(c => c.ChangedAt).ThenBy(c => c.Id))
            {
                changes.Add(new DateChangeRow(change.FromDate, change.ToDate, await names.OfAsync(change.ChangedByPersonId), change.ChangedAt));
            }

            milestoneRows.Add(new MilestoneRow(m.Id, m.Name, m.OriginalDueDate ?? m.DueDate, m.DueDate, m.ReachedAt, changes));
        }

        var risks = new List<RiskRow>();
        foreach (var r in (await session.Risks.ListAsync(programId, cancellationToken)).OrderBy(r => r.Id))
        {
            var owner = r.OwnerPersonId is { } ownerId ? await names.OfAsync(ownerId) : null;
            risks.Add(new RiskRow(r.Id, r.Title, r.Probability, r.Impact, r.Score, Snake(r.State.ToString()), owner, r.Mitigation, r.ReviewDate, r.CreatedAt, r.ClosedAt));
        }

        var decisions = new List<DecisionRow>();
        foreach (var d in (await session.Decisions.ListAsync(programId, cancellationToken)).OrderBy(d => d.DecidedAt).ThenBy(d => d.Id))
        {
            decisions.Add(new DecisionRow(d.Id, d.Text, await names.OfAsync(d.DecidedByPersonId), d.DecidedAt));
        }

        return new ProgramExport(program.Id, program.Name, now, teamWeeks, dependencies, milestoneRows, risks, decisions);
    }

    /// <summary>One row per team and week that had a check-in cycle, oldest week first, teams in their order.</summary>
    private static async Task<IReadOnlyList<TeamWeekRow>> TeamWeeksAsync(
        IStoreSession session, long programId, Dictionary<long, string> teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var calendar = await TeamCalendar.LoadAsync(session, programId, cancellationToken);
        var cycles = await session.History.ListCycleWeeksAsync(programId, DateOnly.MinValue, DateOnly.MaxValue, cancellationToken);
        var answers = (await session.History.ListAnswersAsync(programId, DateOnly.MinValue, DateOnly.MaxValue, cancellationToken)).ToLookup(a => (a.TeamId, a.WeekOf));
        var asked = new Dictionary<(long TeamId, DateOnly Week), int>();
        foreach (var week in cycles.Select(c => c.WeekOf).Distinct())
        {
            foreach (var team in (await session.History.ListCycleMembersAsync(programId, week, cancellationToken)).GroupBy(m => m.TeamId))
            {
                asked[(team.Key, week)] = team.Count();
            }
        }

        // Every blocker of the program, open or resolved, placed in its team's local weeks.
        var blockers = (await session.History.ListOpenBlockersAsync(programId, cancellationToken))
            .Concat(await session.History.ListResolvedBlockersAsync(programId, Beginning, now.AddDays(1), cancellationToken))
            .DistinctBy(b => b.Id)
            .Select(b => (b.TeamId, Opened: calendar.WeekOf(b.TeamId, b.OpenedAt), Resolved: b.ResolvedAt is { } at ? calendar.WeekOf(b.TeamId, at) : (DateOnly?)null))
            .ToLookup(b => b.TeamId);

        var order = teams.Keys.Select((id, index) => (id, index)).ToDictionary(t => t.id, t => t.index);
        return cycles
            .Where(c => teams.ContainsKey(c.TeamId))
            .OrderBy(c => c.WeekOf).ThenBy(c => order[c.TeamId])
            .Select(c =>
            {
                var weekAnswers = answers[(c.TeamId, c.WeekOf)].ToList();
                var status = TeamStatusRule.Of(weekAnswers.Select(a => a.Status)) is { } s ? Snake(s.ToString()) : null;
                var teamBlockers = blockers[c.TeamId].ToList();
                var open = teamBlockers.Count(b => b.Opened <= c.WeekOf && (b.Resolved is null || b.Resolved > c.WeekOf));
                var resolved = teamBlockers.Count(b => b.Resolved == c.WeekOf);
                return new TeamWeekRow(teams[c.TeamId], c.WeekOf, status, weekAnswers.Count, asked.GetValueOrDefault((c.TeamId, c.WeekOf)), open, resolved);
            })
            .ToList();
    }

    private static string TeamName(Dictionary<long, Core.Teams.Team> teams, long id) => teams.TryGetValue(id, out var team) ? team.Name : $"team {id}";

    /// <summary><c>OnTrack</c> → <c>on_track</c>: stable, spreadsheet-friendly values.</summary>
    internal static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Display names, each read once.</summary>
    private sealed class PersonNames(IStoreSession session, CancellationToken cancellationToken)
    {
        private readonly Dictionary<long, string> _names = [];

        public async Task<string> OfAsync(long personId)
        {
            if (!_names.TryGetValue(personId, out var name))
            {
                name = (await session.People.GetAsync(personId, cancellationToken))?.DisplayName ?? $"person {personId}";
                _names[personId] = name;
            }

            return name;
        }
    }
}
