using StatusBot.Core.Milestones;

namespace StatusBot.Core.Dependencies;

/// <summary>What a node of the dependency graph stands for.</summary>
public enum GraphNodeKind
{
    Dependency,
    Milestone,
}

/// <summary>Names a node: dependency and milestone ids are separate sequences, so the kind is part of the key.</summary>
public readonly record struct NodeRef(GraphNodeKind Kind, long Id)
{
    public static NodeRef Dependency(long id) => new(GraphNodeKind.Dependency, id);

    public static NodeRef Milestone(long id) => new(GraphNodeKind.Milestone, id);
}

/// <summary>
/// One node of the graph. <see cref="DueDate"/> is a dependency's need-by or a milestone's due date;
/// <see cref="OwnDate"/> is when the node would be done if nothing upstream held it up (a dependency's
/// projected delivery, <see cref="DateOnly.MinValue"/> for a milestone, which has no work of its own).
/// </summary>
public sealed record GraphNode(NodeRef Ref, string Name, DateOnly DueDate, DateOnly OwnDate, long? ConsumerTeamId = null, long? ProviderTeamId = null)
{
    /// <summary>
    /// When a dependency will arrive on its own: delivered → never late; otherwise its ETA (need-by when none),
    /// and once need-by has passed, no earlier than today. A dropped dependency holds nobody up.
    /// </summary>
    public static GraphNode For(Dependency dependency, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        DateOnly own;
        if (dependency.State == DependencyState.Dropped)
        {
            own = DateOnly.MinValue;
        }
        else if (dependency.DeliveredAt is not null || dependency.State == DependencyState.Delivered)
        {
            own = dependency.NeedBy;
        }
        else
        {
            own = dependency.Eta ?? dependency.NeedBy;
            if (today > dependency.NeedBy && own < today)
            {
                own = today;
            }
        }

        return new(NodeRef.Dependency(dependency.Id), dependency.What, dependency.NeedBy, own, dependency.ConsumerTeamId, dependency.ProviderTeamId);
    }

    public static GraphNode For(Milestone milestone)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return new(NodeRef.Milestone(milestone.Id), milestone.Name, milestone.DueDate, DateOnly.MinValue);
    }
}

/// <summary>A node whose date can no longer hold, with its projected date and delay in days.</summary>
public sealed record ImpactedNode(NodeRef Ref, string Name, DateOnly DueDate, DateOnly ProjectedDate, int DelayDays);

/// <summary>Everything a late dependency endangers downstream, and the teams waiting on it.</summary>
public sealed record DownstreamImpact(NodeRef Source, IReadOnlyList<ImpactedNode> Nodes, IReadOnlyList<long> TeamIds);

/// <summary>Adding an edge would close a cycle; <see cref="Cycle"/> names it, e.g. "Checkout UI → Refund API → Checkout UI".</summary>
public sealed class DependencyCycleException(string cycle)
    : Exception($"That link would make a cycle: {cycle}. A deliverable cannot depend on itself, even through others.")
{
    public string Cycle { get; } = cycle;
}
