using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Digests;

/// <summary>What the roll-up looks at: the week's team statuses, the dependencies' states, the critical path and the override.</summary>
/// <param name="TeamStatus">Each team's status this week (<see cref="TeamStatusRule"/>); a team with no answer is absent.</param>
/// <param name="CriticalNodes">The nodes on some milestone's critical path (<see cref="DependencyGraph.CriticalNodes"/>).</param>
public sealed record RollupInput(
    IReadOnlyList<Team> Teams,
    IReadOnlyDictionary<long, CheckInStatus> TeamStatus,
    IReadOnlyList<Dependency> Dependencies,
    IReadOnlySet<NodeRef> CriticalNodes,
    StatusOverride? Override);

/// <summary>The program's status, the one-sentence reason, and (when a TPM overrode it) what the rules computed.</summary>
/// <param name="Reason">Why, in <see cref="InlineMarkup"/> (names people typed are escaped).</param>
/// <param name="ComputedReason">The rules' own reason, also when overridden (markup, like <paramref name="Reason"/>).</param>
public sealed record RollupResult(CheckInStatus Status, string Reason, CheckInStatus Computed, string ComputedReason, StatusOverride? Override)
{
    public bool Overridden => Override is not null;
}

/// <summary>
/// The program status roll-up, deterministic (rules in <c>Digests/README.md</c>):
/// off track if a team on the critical path is off track or a dependency on the critical path has slipped;
/// at risk if any team is at risk or off track or any dependency is at risk or slipped; on track otherwise.
/// A TPM's override wins, and its reason is the reason shown.
/// </summary>
public static class ProgramStatusRollup
{
    public static RollupResult Evaluate(RollupInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (computed, reason) = Compute(input);
        return input.Override is { } o
            ? new RollupResult(o.Status, $"Set by a TPM: {InlineMarkup.Escape(o.Reason)}", computed, reason, o)
            : new RollupResult(computed, reason, computed, reason, null);
    }

    /// <summary>Teams whose work is on a critical path: provider and consumer of every critical-path dependency.</summary>
    public static IReadOnlySet<long> CriticalTeams(IReadOnlyList<Dependency> dependencies, IReadOnlySet<NodeRef> criticalNodes)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(criticalNodes);
        var teams = new HashSet<long>();
        foreach (var d in dependencies.Where(d => criticalNodes.Contains(NodeRef.Dependency(d.Id))))
        {
            teams.Add(d.ProviderTeamId);
            teams.Add(d.ConsumerTeamId);
        }

        return teams;
    }

    private static (CheckInStatus Status, string Reason) Compute(RollupInput input)
    {
        var teams = input.Teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id).ToList();
        var names = teams.ToDictionary(t => t.Id, t => t.Name);
        var dependencies = input.Dependencies.OrderByDescending(d => d.SlipDays).ThenBy(d => d.NeedBy).ThenBy(d => d.Id).ToList();
        var criticalTeams = CriticalTeams(input.Dependencies, input.CriticalNodes);
        CheckInStatus? StatusOf(Team t) => input.TeamStatus.TryGetValue(t.Id, out var s) ? s : null;
        bool Critical(Dependency d) => input.CriticalNodes.Contains(NodeRef.Dependency(d.Id));
        string Name(long teamId) => InlineMarkup.Escape(names.GetValueOrDefault(teamId, $"team {teamId}"));
        string Dep(Dependency d) => $"{InlineMarkup.Escape(d.What)} ({Name(d.ProviderTeamId)} → {Name(d.ConsumerTeamId)})";

        var offTrack = dependencies.Where(d => d.State == DependencyState.Slipped && Critical(d))
            .Select(d => $"{Dep(d)} has slipped {DependencyStateMessage.Days(d.SlipDays)} on the critical path")
            .Concat(teams.Where(t => StatusOf(t) == CheckInStatus.OffTrack && criticalTeams.Contains(t.Id))
                .Select(t => $"{Name(t.Id)} is off track on the critical path"))
            .ToList();
        if (offTrack.Count > 0)
        {
            return (CheckInStatus.OffTrack, Sentence(offTrack));
        }

        var atRisk = dependencies.Where(d => d.State == DependencyState.Slipped)
            .Select(d => $"{Dep(d)} has slipped {DependencyStateMessage.Days(d.SlipDays)}")
            .Concat(teams.Where(t => StatusOf(t) == CheckInStatus.OffTrack).Select(t => $"{Name(t.Id)} is off track"))
            .Concat(dependencies.Where(d => d.State == DependencyState.AtRisk).Select(d => $"{Dep(d)} is at risk"))
            .Concat(teams.Where(t => StatusOf(t) == CheckInStatus.AtRisk).Select(t => $"{Name(t.Id)} is at risk"))
            .ToList();
        if (atRisk.Count > 0)
        {
            return (CheckInStatus.AtRisk, Sentence(atRisk));
        }

        var answered = teams.Count(t => StatusOf(t) is not null);
        return (CheckInStatus.OnTrack, $"{answered} of {teams.Count} teams reported on track and no dependency is late.");
    }

    /// <summary>The first cause, and how many more there are: one sentence, however bad the week.</summary>
    private static string Sentence(List<string> causes) =>
        causes.Count == 1 ? causes[0] + "." : $"{causes[0]} (and {causes.Count - 1} more {(causes.Count == 2 ? "issue" : "issues")}).";
}
