using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Conversations;

/// <summary>The team (and cycle, when one is open) an answer is for.</summary>
public sealed record AnswerTarget(Team Team, long? CycleId);

/// <summary>
/// Decides which check-in a person's answer belongs to and checks they may give it: only for themself, only
/// for a team they are a member of, and dependency updates only for what that team provides.
/// </summary>
internal static class AnswerTargets
{
    /// <summary>The target, or the sentence that explains why there is none.</summary>
    public static async Task<(AnswerTarget? Target, string? Problem)> ResolveAsync(IStoreSession session, Person person, string? teamName, long? teamId, long? cycleId, CancellationToken ct)
    {
        var teams = new List<Team>();
        foreach (var membership in await session.Teams.ListMembershipsOfAsync(person.Id, ct))
        {
            if (await session.Teams.GetAsync(membership.TeamId, ct) is { } team)
            {
                teams.Add(team);
            }
        }

        if (teams.Count == 0)
        {
            return (null, "You are not on any team yet, so there is no check-in to answer. Your TPM can add you with team members <team> @you.");
        }

        if (cycleId is not null)
        {
            var cycle = await session.CheckIns.GetCycleAsync(cycleId.Value, ct);
            var team = teams.FirstOrDefault(t => t.Id == cycle?.TeamId);
            return team is null ? (null, "That check-in is not one of your teams'.") : (new AnswerTarget(team, cycle!.Id), null);
        }

        // Most people are on one team and name none: their answer reads no program for it.
        var labels = teams.Count > 1 || teamName?.Contains('/', StringComparison.Ordinal) == true
            ? await LabelsAsync(session, teams, ct)
            : teams.ToDictionary(t => t.Id, t => (Label: t.Name, Full: t.Name));
        var candidates = teams;
        if (teamName is not null || teamId is not null)
        {
            candidates = teams.Where(t => t.Id == teamId || string.Equals(t.Name, teamName?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(labels[t.Id].Full, teamName?.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (candidates.Count == 0)
            {
                return (null, $"You are not a member of {(teamName is null ? "that team" : $"team {teamName}")}; your teams: {string.Join(", ", teams.Select(t => labels[t.Id].Label))}.");
            }
        }

        var open = new List<AnswerTarget>();
        foreach (var team in candidates)
        {
            foreach (var cycle in (await session.CheckIns.ListCyclesAsync(team.Id, ct)).Where(c => c.State == CycleState.Open))
            {
                if (await session.CheckIns.IsCycleMemberAsync(cycle.Id, person.Id, ct))
                {
                    open.Add(new AnswerTarget(team, cycle.Id));
                }
            }
        }

        return open.Count switch
        {
            1 => (open[0], null),
            > 1 => (null, $"You have open check-ins for {string.Join(" and ", open.Select(o => labels[o.Team.Id].Label).Distinct())}; add a line team: <name> to say which one this answers."),
            _ when candidates.Count == 1 => (new AnswerTarget(candidates[0], null), null),
            _ => (null, $"You are on several teams ({string.Join(", ", candidates.Select(t => labels[t.Id].Label))}); add a line team: <name> to say which one this answers."),
        };
    }

    /// <summary>
    /// How each of the person's teams is named to them: its name, or "Program/Team" where two of their teams share a name
    /// (a person in Payments of two programs could otherwise name neither). A "team:" line may use either form.
    /// </summary>
    private static async Task<Dictionary<long, (string Label, string Full)>> LabelsAsync(IStoreSession session, IReadOnlyList<Team> teams, CancellationToken ct)
    {
        var labels = new Dictionary<long, (string Label, string Full)>();
        foreach (var team in teams)
        {
            var full = await session.Programs.GetAsync(team.ProgramId, ct) is { } program ? $"{program.Name}/{team.Name}" : team.Name;
            var shared = teams.Count(t => string.Equals(t.Name, team.Name, StringComparison.OrdinalIgnoreCase)) > 1;
            labels[team.Id] = (shared ? full : team.Name, full);
        }

        return labels;
    }

    /// <summary>Open dependencies the team provides: the only ones its members may update (the team's rows only, not the program's).</summary>
    public static async Task<IReadOnlyList<Dependency>> OwedAsync(IStoreSession session, Team team, CancellationToken ct) =>
        (await session.Dependencies.ListProvidedByAsync(team.Id, ct))
            .Where(d => d.ProgramId == team.ProgramId && d.State is not (DependencyState.Delivered or DependencyState.Dropped))
            .ToList();

    /// <summary>Problems with dependency updates, keyed by dependency id; empty when all are acceptable.</summary>
    public static Dictionary<long, string> CheckDependencies(IReadOnlyList<DependencyUpdate> updates, IReadOnlyList<Dependency> owed, Team team, DateOnly today)
    {
        var problems = new Dictionary<long, string>();
        foreach (var update in updates)
        {
            if (owed.All(d => d.Id != update.DependencyId))
            {
                problems[update.DependencyId] = $"Dependency #{update.DependencyId} is not an open one that {team.Name} provides.";
            }
            else if (update.NewEta is { } eta && eta < today)
            {
                problems[update.DependencyId] = $"The ETA {eta:yyyy-MM-dd} for #{update.DependencyId} is in the past; if it is delivered, say dep {update.DependencyId} done.";
            }
        }

        return problems;
    }

    /// <summary>
    /// Problems with blockers an answer marks resolved, keyed by blocker id: each must be one of the team's. With
    /// <paramref name="requireOpen"/> (an id typed in a DM) one already resolved is a problem too, saying by whom and when;
    /// a ticked box of a blocker someone resolved meanwhile is simply left as it is.
    /// </summary>
    public static async Task<Dictionary<long, string>> CheckResolvedAsync(IStoreSession session, IReadOnlyList<long> ids, Team team, bool requireOpen, CancellationToken ct)
    {
        var problems = new Dictionary<long, string>();
        foreach (var id in ids.Distinct())
        {
            var blocker = await session.Blockers.GetAsync(id, ct);
            if (blocker is null || blocker.TeamId != team.Id)
            {
                problems[id] = $"Blocker #{id} is not one of {team.Name}'s; blockers {Commands.Verbs.Names.Typed(team.Name)} lists the open ones with their ids.";
            }
            else if (requireOpen && !blocker.IsOpen)
            {
                problems[id] = await BlockerResolution.AlreadyResolvedAsync(session, blocker, ct);
            }
        }

        return problems;
    }
}
