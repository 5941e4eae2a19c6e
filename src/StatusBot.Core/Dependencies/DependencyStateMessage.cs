using System.Globalization;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Dependencies;

/// <summary>The DM that announces a dependency's state change (kind <c>dependency.state</c>).</summary>
public static class DependencyStateMessage
{
    public const string Kind = "dependency.state";

    public static ChatMessage Build(Dependency dependency, DependencyStateChange change, IReadOnlyDictionary<long, Team> teams, DownstreamImpact? impact)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(teams);
        var provider = TeamName(teams, dependency.ProviderTeamId);
        var consumer = TeamName(teams, dependency.ConsumerTeamId);
        var headline = change.ToState switch
        {
            DependencyState.Slipped => $"{dependency.What} has slipped by {Days(change.SlipDays)}",
            DependencyState.AtRisk => $"{dependency.What} is at risk",
            DependencyState.Delivered => $"{dependency.What} was delivered",
            DependencyState.Dropped => $"{dependency.What} was dropped",
            _ => $"{dependency.What} is back on time",
        };
        var eta = dependency.Eta is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none";
        // The reason often is the ETA's own story ("ETA 2026-12-20 is 10 d after need-by"): then it is said once.
        var etaPart = change.Reason.Contains($"ETA {eta}", StringComparison.Ordinal) || change.Reason.Contains($"to {eta}", StringComparison.Ordinal) ? string.Empty : $" · ETA {eta}";
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock(headline),
            new StatusBlock(
                Badge(change.ToState),
                dependency.What,
                $"{InlineMarkup.Escape(provider)} → {InlineMarkup.Escape(consumer)} · need-by {dependency.NeedBy:yyyy-MM-dd}{etaPart} · {InlineMarkup.Escape(change.Reason)}"),
        };
        if (impact is { Nodes.Count: > 0 })
        {
            blocks.Add(new TextBlock("Downstream: " + DescribeImpact(impact)));
        }

        blocks.Add(new ContextBlock($"Was {Describe(change.FromState)}; now {Describe(change.ToState)}."));
        return new ChatMessage(Kind, $"{headline} ({provider} → {consumer})", blocks);
    }

    /// <summary>"Checkout UI +5 d, Beta +3 d", as markup (the names escaped).</summary>
    public static string DescribeImpact(DownstreamImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        return string.Join(", ", impact.Nodes.Select(n => $"{InlineMarkup.Escape(n.Name)} +{Days(n.DelayDays)}"));
    }

    public static StatusBadge Badge(DependencyState state) => state switch
    {
        DependencyState.Slipped => StatusBadge.OffTrack,
        DependencyState.AtRisk => StatusBadge.AtRisk,
        DependencyState.Delivered => StatusBadge.Done,
        DependencyState.Dropped => StatusBadge.Unknown,
        _ => StatusBadge.OnTrack,
    };

    public static string Describe(DependencyState state) => state switch
    {
        DependencyState.OnTime => "on time",
        DependencyState.AtRisk => "at risk",
        DependencyState.Slipped => "slipped",
        DependencyState.Delivered => "delivered",
        _ => "dropped",
    };

    public static string Days(int days) => days == 1 ? "1 d" : $"{days} d";

    private static string TeamName(IReadOnlyDictionary<long, Team> teams, long id) => teams.TryGetValue(id, out var team) ? team.Name : $"team {id}";
}
