using StatusBot.Core.Milestones;

namespace StatusBot.Core.Dependencies;

/// <summary>
/// The program's dependency graph: dependencies (deliverables) and milestones, with an edge from a dependency
/// to every dependency that waits on it (<see cref="DependencyLink"/>, and the older single
/// <see cref="Dependency.FeedsDependencyId"/>) and to its milestone (<see cref="Dependency.MilestoneId"/>). A reached
/// milestone is left out: it has no date left to hold. Building it projects every node's date in one pass over a topological
/// order, O(nodes + edges):
/// <list type="bullet">
/// <item>projected(v) = the later of v's own date and the projected dates of everything feeding it, so a delay
/// propagates along the longest path, reduced by the slack between the upstream's projected date and v's due date;</item>
/// <item>delay(v) = projected(v) − due(v) when positive: v's date can no longer hold;</item>
/// <item>driver(v) = the predecessor that sets projected(v) (ties go to the longer chain): following drivers back
/// from a milestone gives its critical path.</item>
/// </list>
/// A graph with a cycle is refused with the cycle named.
/// </summary>
public sealed class DependencyGraph
{
    private readonly GraphNode[] _nodes;
    private readonly Dictionary<NodeRef, int> _index;
    // Compressed adjacency: the successors of v are _targets[_offsets[v].._offsets[v + 1]]. Two arrays instead of a
    // list per node keeps 100,000-edge graphs cheap to build and cache-friendly to walk.
    private readonly int[] _offsets;
    private readonly int[] _targets;
    private readonly DateOnly[] _projected;
    private readonly int[] _driver;
    private readonly int[] _hops;

    private DependencyGraph(GraphNode[] nodes, Dictionary<NodeRef, int> index, List<(int From, int To)> edges)
    {
        _nodes = nodes;
        _index = index;
        _offsets = new int[nodes.Length + 1];
        _targets = new int[edges.Count];
        foreach (var (from, _) in edges)
        {
            _offsets[from + 1]++;
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            _offsets[i + 1] += _offsets[i];
        }

        var fill = _offsets[..^1];
        foreach (var (from, to) in edges)
        {
            _targets[fill[from]++] = to;
        }

        _projected = new DateOnly[nodes.Length];
        _driver = new int[nodes.Length];
        _hops = new int[nodes.Length];
        Project(TopologicalOrder());
    }

    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>
    /// The graph of a program's dependencies, milestones and "waits on" links; dangling links (to another program, or
    /// deleted) are ignored, and a link stored both as a row and in the older column counts once.
    /// </summary>
    /// <exception cref="DependencyCycleException">The stored links already form a cycle.</exception>
    public static DependencyGraph Build(IReadOnlyList<Dependency> dependencies, IReadOnlyList<Milestone> milestones, DateOnly today, IReadOnlyList<DependencyLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(milestones);
        var nodes = new List<GraphNode>(dependencies.Count + milestones.Count);
        nodes.AddRange(dependencies.Select(d => GraphNode.For(d, today)));
        nodes.AddRange(milestones.Where(m => m.ReachedAt is null).Select(GraphNode.For));
        var edges = new List<(NodeRef From, NodeRef To)>(dependencies.Count * 2);
        var feeds = new HashSet<(long Upstream, long Downstream)>();
        foreach (var dependency in dependencies)
        {
            if (dependency.FeedsDependencyId is { } downstream && feeds.Add((dependency.Id, downstream)))
            {
                edges.Add((NodeRef.Dependency(dependency.Id), NodeRef.Dependency(downstream)));
            }

            if (dependency.MilestoneId is { } milestone)
            {
                edges.Add((NodeRef.Dependency(dependency.Id), NodeRef.Milestone(milestone)));
            }
        }

        foreach (var link in links ?? [])
        {
            if (feeds.Add((link.UpstreamId, link.DownstreamId)))
            {
                edges.Add((NodeRef.Dependency(link.UpstreamId), NodeRef.Dependency(link.DownstreamId)));
            }
        }

        return FromNodes(nodes, edges);
    }

    /// <summary>A graph of arbitrary nodes and edges (edges whose ends are unknown are ignored).</summary>
    /// <exception cref="DependencyCycleException">The edges form a cycle.</exception>
    public static DependencyGraph FromNodes(IReadOnlyList<GraphNode> nodes, IEnumerable<(NodeRef From, NodeRef To)> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var array = nodes.ToArray();
        var index = new Dictionary<NodeRef, int>(array.Length);
        for (var i = 0; i < array.Length; i++)
        {
            index[array[i].Ref] = i;
        }

        var resolved = new List<(int From, int To)>();
        foreach (var (from, to) in edges)
        {
            if (index.TryGetValue(from, out var f) && index.TryGetValue(to, out var t))
            {
                resolved.Add((f, t));
            }
        }

        return new DependencyGraph(array, index, resolved);
    }

    /// <summary>
    /// The cycle that the edge <paramref name="from"/> → <paramref name="to"/> would close, named node by node
    /// ("Checkout UI → Refund API → Checkout UI"), or null when the edge is safe. One search from
    /// <paramref name="to"/>: O(nodes + edges).
    /// </summary>
    public string? FindCycleIfAdded(NodeRef from, NodeRef to)
    {
        if (!_index.TryGetValue(from, out var f) || !_index.TryGetValue(to, out var t))
        {
            return null;
        }

        var parent = new int[_nodes.Length];
        Array.Fill(parent, -2);
        parent[t] = -1;
        var queue = new Queue<int>();
        queue.Enqueue(t);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            if (v == f)
            {
                // The path to → … → from, then the new edge back to "to".
                var path = new List<int>();
                for (var x = v; x != -1; x = parent[x])
                {
                    path.Add(x);
                }

                path.Reverse();
                return string.Join(" → ", path.Prepend(f).Select(i => _nodes[i].Name));
            }

            foreach (var w in Successors(v))
            {
                if (parent[w] == -2)
                {
                    parent[w] = v;
                    queue.Enqueue(w);
                }
            }
        }

        return null;
    }

    /// <summary>Refuses a new "feeds" or "milestone" link that would close a cycle.</summary>
    /// <exception cref="DependencyCycleException">The link would close a cycle.</exception>
    public void EnsureCanLink(NodeRef from, NodeRef to)
    {
        if (FindCycleIfAdded(from, to) is { } cycle)
        {
            throw new DependencyCycleException(cycle);
        }
    }

    public DateOnly ProjectedDate(NodeRef node) => _projected[_index[node]];

    /// <summary>Days the node will be late (0 when its date holds).</summary>
    public int DelayDays(NodeRef node) => Delay(_index[node]);

    /// <summary>
    /// Every downstream node the late <paramref name="source"/> makes late: reached through nodes whose date it
    /// drives, with their projected delay; and the teams waiting on them (consumers, in graph order).
    /// </summary>
    public DownstreamImpact Impact(NodeRef source)
    {
        var s = _index[source];
        var nodes = new List<ImpactedNode>();
        var teams = new List<long>();
        if (_nodes[s].ConsumerTeamId is { } first)
        {
            teams.Add(first);
        }

        var queue = new Queue<int>();
        queue.Enqueue(s);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in Successors(v))
            {
                // Only what this slip drives: a node set later by another branch is that branch's impact.
                if (_driver[w] != v || Delay(w) <= 0)
                {
                    continue;
                }

                var node = _nodes[w];
                nodes.Add(new ImpactedNode(node.Ref, node.Name, node.DueDate, _projected[w], Delay(w)));
                if (node.ConsumerTeamId is { } team && !teams.Contains(team))
                {
                    teams.Add(team);
                }

                queue.Enqueue(w);
            }
        }

        return new DownstreamImpact(source, nodes, teams);
    }

    /// <summary>The chain of nodes that sets <paramref name="milestone"/>'s projected date, first upstream first, the milestone last.</summary>
    public IReadOnlyList<GraphNode> CriticalPath(NodeRef milestone)
    {
        var path = new List<GraphNode>();
        for (var v = _index[milestone]; v != -1; v = _driver[v])
        {
            path.Add(_nodes[v]);
        }

        path.Reverse();
        return path;
    }

    /// <summary>Every node on the critical path of some milestone.</summary>
    public IReadOnlySet<NodeRef> CriticalNodes()
    {
        var critical = new HashSet<NodeRef>();
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i].Ref.Kind != GraphNodeKind.Milestone)
            {
                continue;
            }

            // Stops at the first node already marked: the rest of its chain is marked too, so each node is walked once.
            for (var v = i; v != -1 && critical.Add(_nodes[v].Ref); v = _driver[v])
            {
            }
        }

        return critical;
    }

    private ReadOnlySpan<int> Successors(int v) => _targets.AsSpan(_offsets[v], _offsets[v + 1] - _offsets[v]);

    private int Delay(int v) => Math.Max(0, _projected[v].DayNumber - _nodes[v].DueDate.DayNumber);

    private int[] TopologicalOrder()
    {
        var indegree = new int[_nodes.Length];
        foreach (var w in _targets)
        {
            indegree[w]++;
        }

        var order = new int[_nodes.Length];
        var count = 0;
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (indegree[i] == 0)
            {
                order[count++] = i;
            }
        }

        for (var head = 0; head < count; head++)
        {
            foreach (var w in Successors(order[head]))
            {
                if (--indegree[w] == 0)
                {
                    order[count++] = w;
                }
            }
        }

        if (count < _nodes.Length)
        {
            throw new DependencyCycleException(NameCycle(indegree));
        }

        return order;
    }

    private void Project(int[] order)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            _projected[i] = _nodes[i].OwnDate;
            _driver[i] = -1;
        }

        foreach (var v in order)
        {
            foreach (var w in Successors(v))
            {
                var later = _projected[v] > _projected[w]
                    || (_projected[v] == _projected[w] && _projected[v] != DateOnly.MinValue && _hops[v] + 1 > _hops[w]);
                if (later)
                {
                    _projected[w] = _projected[v];
                    _driver[w] = v;
                    _hops[w] = _hops[v] + 1;
                }
            }
        }
    }

    /// <summary>
    /// Every node left with in-degree &gt; 0 after Kahn's pass has a predecessor that was left too, so walking
    /// predecessors among them must come back to a node already seen: that loop is a cycle.
    /// </summary>
    private string NameCycle(int[] indegree)
    {
        var predecessor = new int[_nodes.Length];
        Array.Fill(predecessor, -1);
        for (var v = 0; v < _nodes.Length; v++)
        {
            if (indegree[v] == 0)
            {
                continue;
            }

            foreach (var w in Successors(v))
            {
                if (indegree[w] > 0)
                {
                    predecessor[w] = v;
                }
            }
        }

        var seenAt = new Dictionary<int, int>();
        var walk = new List<int>();
        var x = Array.FindIndex(indegree, d => d > 0);
        while (!seenAt.ContainsKey(x))
        {
            seenAt[x] = walk.Count;
            walk.Add(x);
            x = predecessor[x];
        }

        // The walk went against the edges; name the loop in edge direction, starting and ending at the same node.
        // Start at the node listed first so the same cycle is always named the same way.
        var loop = walk.Skip(seenAt[x]).Reverse().ToList();
        var first = loop.IndexOf(loop.Min());
        loop = [.. loop.Skip(first), .. loop.Take(first)];
        loop.Add(loop[0]);
        return string.Join(" → ", loop.Select(i => _nodes[i].Name));
    }
}
