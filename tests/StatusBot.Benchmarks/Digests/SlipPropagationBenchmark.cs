using BenchmarkDotNet.Attributes;
using StatusBot.Core.Dependencies;

namespace StatusBot.Benchmarks.Digests;

/// <summary>
/// Slip propagation over a random DAG with E edges and E/2 nodes (each edge points to a later node, so it is acyclic):
/// build (topological order + date projection), critical nodes of every milestone, and the impact of the first slip.
/// Linear growth shows as a ~10× time per 10× edges.
/// </summary>
[MemoryDiagnoser]
public class SlipPropagationBenchmark
{
    private List<GraphNode> _nodes = [];
    private List<(NodeRef From, NodeRef To)> _edges = [];

    [Params(1_000, 10_000, 100_000)]
    public int Edges { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var count = Edges / 2;
        var start = new DateOnly(2026, 12, 1);
        _nodes = Enumerable.Range(0, count)
            .Select(i => i % 50 == 49
                ? new GraphNode(NodeRef.Milestone(i), $"M{i}", start.AddDays(60 + (i / 100)), DateOnly.MinValue)
                : new GraphNode(NodeRef.Dependency(i), $"D{i}", start.AddDays(i / 100), start.AddDays((i / 100) + random.Next(-3, 6))))
            .ToList();
        _edges = new List<(NodeRef, NodeRef)>(Edges);
        for (var e = 0; e < Edges; e++)
        {
            var from = random.Next(0, count - 1);
            if (_nodes[from].Ref.Kind == GraphNodeKind.Milestone)
            {
                from--;
            }

            var to = Math.Min(count - 1, from + 1 + random.Next(0, 200));
            _edges.Add((_nodes[from].Ref, _nodes[to].Ref));
        }
    }

    [Benchmark]
    public int ProjectAndFindCriticalPathsAndImpact()
    {
        var graph = DependencyGraph.FromNodes(_nodes, _edges);
        return graph.CriticalNodes().Count + graph.Impact(_nodes[0].Ref).Nodes.Count;
    }
}
