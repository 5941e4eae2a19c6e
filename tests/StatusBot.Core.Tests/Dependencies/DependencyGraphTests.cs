using StatusBot.Core.Dependencies;
using StatusBot.Core.Milestones;

namespace StatusBot.Core.Tests.Dependencies;

public sealed class DependencyGraphTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Dependency Dep(long id, string what, long consumer, long provider, DateOnly needBy, DateOnly? eta, long? feeds = null, long? milestone = null) => new()
    {
        Id = id,
        ProgramId = 1,
        ConsumerTeamId = consumer,
        ProviderTeamId = provider,
        What = what,
        NeedBy = needBy,
        Eta = eta,
        FeedsDependencyId = feeds,
        MilestoneId = milestone,
        CreatedByPersonId = 1,
    };

    private static Milestone Ms(long id, string name, DateOnly due) => new() { Id = id, ProgramId = 1, Name = name, DueDate = due };

    private static DateOnly D(int month, int day) => new(2026, month, day);

    // Teams: 1 Checkout, 2 Payments, 3 Web, 4 Mobile.
    private static DependencyGraph Chain() => DependencyGraph.Build(
        [
            Dep(1, "Refund API", consumer: 1, provider: 2, needBy: D(12, 1), eta: D(12, 11), feeds: 2),
            Dep(2, "Checkout UI", consumer: 3, provider: 1, needBy: D(12, 6), eta: D(12, 4), feeds: 3, milestone: 10),
            Dep(3, "Web release", consumer: 4, provider: 3, needBy: D(12, 9), eta: D(12, 8), milestone: 11),
            Dep(4, "Docs", consumer: 4, provider: 1, needBy: D(12, 10), eta: D(12, 5), milestone: 11),
        ],
        [Ms(10, "Beta", D(12, 8)), Ms(11, "GA", D(12, 20))],
        Today);

    [Fact]
    public void One_upstream_feeds_several_downstream_through_link_rows_and_a_link_stored_twice_counts_once()
    {
        DependencyLink Link(long up, long down) => new() { UpstreamId = up, DownstreamId = down, CreatedByPersonId = 1 };
        var graph = DependencyGraph.Build(
            [
                Dep(1, "Ledger export", consumer: 2, provider: 5, needBy: D(12, 1), eta: D(12, 11), feeds: 2),
                Dep(2, "Refund API", consumer: 1, provider: 2, needBy: D(12, 6), eta: D(12, 4), milestone: 10),
                Dep(3, "Payouts", consumer: 4, provider: 2, needBy: D(12, 9), eta: D(12, 8), milestone: 10),
            ],
            [Ms(10, "Beta", D(12, 10))],
            Today,
            [Link(1, 2), Link(1, 3)]);

        Assert.Equal(
            [
                new ImpactedNode(NodeRef.Dependency(2), "Refund API", D(12, 6), D(12, 11), 5),
                new ImpactedNode(NodeRef.Dependency(3), "Payouts", D(12, 9), D(12, 11), 2),
                new ImpactedNode(NodeRef.Milestone(10), "Beta", D(12, 10), D(12, 11), 1),
            ],
            graph.Impact(NodeRef.Dependency(1)).Nodes);
        Assert.Contains("cycle", Assert.Throws<DependencyCycleException>(() => graph.EnsureCanLink(NodeRef.Dependency(3), NodeRef.Dependency(1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reached_milestone_has_no_critical_path()
    {
        var graph = DependencyGraph.Build(
            [Dep(1, "Refund API", consumer: 1, provider: 2, needBy: D(12, 1), eta: D(12, 11), milestone: 10)],
            [Ms(10, "Beta", D(12, 8)) with { ReachedAt = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero) }],
            Today);

        Assert.Empty(graph.CriticalNodes());
        Assert.Empty(graph.Impact(NodeRef.Dependency(1)).Nodes);
    }

    [Fact]
    public void A_slip_propagates_over_several_hops_minus_the_slack_at_each()
    {
        var graph = Chain();

        // Refund API lands 12-11, 10 d after its need-by; Checkout UI cannot start before: 12-11 vs need-by 12-06 → 5 d;
        // Beta (due 12-08) → 3 d; Web release (need-by 12-09) → 2 d; GA (due 12-20) absorbs it.
        Assert.Equal(10, graph.DelayDays(NodeRef.Dependency(1)));
        Assert.Equal(5, graph.DelayDays(NodeRef.Dependency(2)));
        Assert.Equal(3, graph.DelayDays(NodeRef.Milestone(10)));
        Assert.Equal(2, graph.DelayDays(NodeRef.Dependency(3)));
        Assert.Equal(0, graph.DelayDays(NodeRef.Milestone(11)));
        Assert.Equal(D(12, 11), graph.ProjectedDate(NodeRef.Milestone(11)));
    }

    [Fact]
    public void Downstream_impact_lists_every_deliverable_milestone_and_team_whose_date_no_longer_holds()
    {
        var impact = Chain().Impact(NodeRef.Dependency(1));

        Assert.Equal(
            [
                new ImpactedNode(NodeRef.Dependency(2), "Checkout UI", D(12, 6), D(12, 11), 5),
                new ImpactedNode(NodeRef.Dependency(3), "Web release", D(12, 9), D(12, 11), 2),
                new ImpactedNode(NodeRef.Milestone(10), "Beta", D(12, 8), D(12, 11), 3),
            ],
            impact.Nodes);
        Assert.Equal([1L, 3L, 4L], impact.TeamIds);
    }

    [Fact]
    public void A_dependency_whose_slack_absorbs_the_slip_is_not_impacted()
    {
        var graph = DependencyGraph.Build(
            [Dep(1, "Refund API", 1, 2, D(12, 1), D(12, 4), feeds: 2), Dep(2, "Checkout UI", 3, 1, D(12, 10), D(12, 8))],
            [],
            Today);

        Assert.Empty(graph.Impact(NodeRef.Dependency(1)).Nodes);
        Assert.Equal(D(12, 8), graph.ProjectedDate(NodeRef.Dependency(2)));
    }

    [Fact]
    public void The_critical_path_to_a_milestone_follows_the_latest_chain()
    {
        var path = Chain().CriticalPath(NodeRef.Milestone(11));

        // GA is fed by Web release (12-11, through Refund API) and Docs (12-05): the chain through Refund API sets its date.
        Assert.Equal(["Refund API", "Checkout UI", "Web release", "GA"], path.Select(n => n.Name));
        Assert.Equal(
            [NodeRef.Dependency(1), NodeRef.Dependency(2), NodeRef.Dependency(3), NodeRef.Milestone(10), NodeRef.Milestone(11)],
            Chain().CriticalNodes().OrderBy(n => n.Kind).ThenBy(n => n.Id));
    }

    [Fact]
    public void In_a_diamond_the_milestone_is_counted_once_and_its_critical_path_takes_the_longer_chain()
    {
        // Refund API feeds both Checkout UI and the Beta milestone; Checkout UI feeds Beta too.
        var graph = DependencyGraph.Build(
            [
                Dep(1, "Refund API", 1, 2, D(12, 1), D(12, 12), feeds: 2, milestone: 10),
                Dep(2, "Checkout UI", 3, 1, D(12, 10), D(12, 8), milestone: 10),
            ],
            [Ms(10, "Beta", D(12, 9))],
            Today);

        // Checkout UI: 12-12 vs 12-10 → 2 d; Beta: 12-12 vs 12-09 → 3 d, reached both ways but listed once.
        var impact = graph.Impact(NodeRef.Dependency(1));
        Assert.Equal([(NodeRef.Dependency(2), 2), (NodeRef.Milestone(10), 3)], impact.Nodes.Select(n => (n.Ref, n.DelayDays)));
        Assert.Equal(["Refund API", "Checkout UI", "Beta"], graph.CriticalPath(NodeRef.Milestone(10)).Select(n => n.Name));
    }

    [Fact]
    public void In_a_general_diamond_both_branches_are_delayed_by_the_common_upstream_and_the_join_once()
    {
        var graph = DependencyGraph.FromNodes(
            [
                new GraphNode(NodeRef.Dependency(1), "Schema", D(12, 1), D(12, 11)),
                new GraphNode(NodeRef.Dependency(2), "Ledger", D(12, 5), D(12, 3)),
                new GraphNode(NodeRef.Dependency(3), "Reports", D(12, 8), D(12, 9)),
                new GraphNode(NodeRef.Milestone(9), "Launch", D(12, 10), DateOnly.MinValue),
            ],
            [
                (NodeRef.Dependency(1), NodeRef.Dependency(2)),
                (NodeRef.Dependency(1), NodeRef.Dependency(3)),
                (NodeRef.Dependency(2), NodeRef.Milestone(9)),
                (NodeRef.Dependency(3), NodeRef.Milestone(9)),
            ]);

        // Ledger 12-11 vs 12-05 → 6; Reports max(12-09, 12-11) = 12-11 vs 12-08 → 3; Launch 12-11 vs 12-10 → 1.
        Assert.Equal(
            [(NodeRef.Dependency(2), 6), (NodeRef.Dependency(3), 3), (NodeRef.Milestone(9), 1)],
            graph.Impact(NodeRef.Dependency(1)).Nodes.Select(n => (n.Ref, n.DelayDays)));
    }

    [Fact]
    public void A_link_that_would_close_a_cycle_is_refused_with_the_cycle_named()
    {
        var graph = DependencyGraph.Build(
            [Dep(1, "Refund API", 1, 2, D(12, 1), null, feeds: 2), Dep(2, "Checkout UI", 3, 1, D(12, 10), null)],
            [],
            Today);

        var refused = Assert.Throws<DependencyCycleException>(() => graph.EnsureCanLink(NodeRef.Dependency(2), NodeRef.Dependency(1)));
        Assert.Equal("Checkout UI → Refund API → Checkout UI", refused.Cycle);
        Assert.Equal("Refund API → Refund API", graph.FindCycleIfAdded(NodeRef.Dependency(1), NodeRef.Dependency(1)));
        Assert.Null(graph.FindCycleIfAdded(NodeRef.Dependency(1), NodeRef.Dependency(2)));
    }

    [Fact]
    public void A_stored_cycle_is_refused_when_the_graph_is_built()
    {
        var refused = Assert.Throws<DependencyCycleException>(() => DependencyGraph.Build(
            [
                Dep(1, "Refund API", 1, 2, D(12, 1), null, feeds: 2),
                Dep(2, "Checkout UI", 3, 1, D(12, 10), null, feeds: 3),
                Dep(3, "Web release", 2, 3, D(12, 12), null, feeds: 1),
                Dep(4, "Docs", 4, 1, D(12, 12), null, feeds: 1),
            ],
            [],
            Today));

        Assert.Equal("Refund API → Checkout UI → Web release → Refund API", refused.Cycle);
    }

    [Fact]
    public void Delivered_and_dropped_dependencies_hold_nobody_up()
    {
        var graph = DependencyGraph.Build(
            [
                Dep(1, "Refund API", 1, 2, D(11, 1), D(11, 20), feeds: 3) with { DeliveredAt = DateTimeOffset.UnixEpoch, State = DependencyState.Delivered },
                Dep(2, "Fraud rules", 1, 2, D(11, 1), null, feeds: 3) with { State = DependencyState.Dropped },
                Dep(3, "Checkout UI", 3, 1, D(12, 10), D(12, 1)),
            ],
            [],
            Today);

        Assert.Equal(0, graph.DelayDays(NodeRef.Dependency(1)));
        Assert.Equal(D(12, 1), graph.ProjectedDate(NodeRef.Dependency(3)));
    }
}
