using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace StatusBot.Benchmarks.Digests;

/// <summary>
/// Runs the digest benchmarks: <see cref="DigestBuildBenchmark"/> (a 200-team program with 52 weeks of history,
/// on SQLite and PostgreSQL) and <see cref="SlipPropagationBenchmark"/> (1,000 / 10,000 / 100,000 edges).
/// In-process and short: the machine is shared, and the figures of interest are milliseconds, not nanoseconds.
/// </summary>
public static class DigestBenchmarks
{
    public static int Run(string[] args)
    {
        // Ten iterations and the median next to the mean: on a shared two-core machine single iterations swing 3×.
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance))
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = BenchmarkSwitcher.FromTypes([typeof(DigestBuildBenchmark), typeof(SlipPropagationBenchmark)]).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
