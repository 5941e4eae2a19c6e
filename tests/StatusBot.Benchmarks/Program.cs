using StatusBot.Benchmarks.CheckIns;
using StatusBot.Benchmarks.Dashboard;
using StatusBot.Benchmarks.Digests;
using StatusBot.Benchmarks.Reliability;
using StatusBot.Benchmarks.Scale;
using StatusBot.Benchmarks.Slack;
using StatusBot.Benchmarks.Soak;
using StatusBot.Benchmarks.Teams;

// Load drivers and benchmarks, one per feature folder; the first argument picks one.
return args switch
{
    ["checkins", .. var rest] => await CheckInBenchmark.RunAsync(rest),
    ["answers", .. var rest] => await TeamSizeBenchmark.RunAsync("answers", rest),
    ["summary", .. var rest] => await TeamSizeBenchmark.RunAsync("summary", rest),
    ["scheduling", .. var rest] => await SchedulingBenchmark.RunAsync(rest),
    ["drain-child", .. var rest] => await DrainChild.RunAsync(rest),
    ["host-child", .. var rest] => await HostChild.RunAsync(rest),
    ["digest", .. var rest] => DigestBenchmarks.Run(rest),
    ["digest-profile", .. var rest] => await DigestProfile.RunAsync(rest),
    ["dashboard", .. var rest] => await DashboardBenchmark.RunAsync(rest),
    ["slack-drain", .. var rest] => await DrainBenchmark.RunAsync(rest),
    ["slack-acks", .. var rest] => await AckBenchmark.RunAsync(rest),
    ["slack-answers", .. var rest] => await AnswerEngineBenchmark.RunAsync(rest),
    ["slack-replies", .. var rest] => await ReplyLatencyBenchmark.RunAsync(rest),
    ["teams-drain", .. var rest] => await TeamsDrainBenchmark.RunAsync(rest),
    ["scale", .. var rest] => await ScaleBenchmark.RunAsync(rest),
    ["soak", .. var rest] => await SoakBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: StatusBot.Benchmarks <driver> [arguments]
          checkins [--teams N] [--members N] [--stores sqlite,postgres] [--enqueue-only true] [--warmup full|small] enqueue (and drain) a week's prompts
          answers [--sizes 10,1000,10000] [--runs N] [--store S]           one DM answer end to end per team size (playground API)
          summary [--sizes 1000,10000,100000] [--runs N] [--store S]       status and digest with 90 % answered per team size
          scheduling [--slots N] [--instances N] [--spacing-ms N]        slot lateness over N slots on 3 instances (PostgreSQL)
          drain-child --provider P --connection CS --sink URL             a drain loop for the crash test to SIGKILL
          host-child [host settings] [--child-week-start MS ...]           the real host, for the crash and cluster tests
          digest [BenchmarkDotNet arguments]                               digest build and slip propagation
          digest-profile sqlite|postgres                                   time each query of a digest build
          dashboard [--teams N] [--runs N]                                 dashboard page for a large program
          slack-drain [prompts] [workspaces]                               prompts through the fake Slack's limits
          slack-acks [seconds] [clients]                                   signed view_submission acks per second
          slack-answers [seconds] [clients] [weeks]                        signed answers with all their engine work, beside a bare endpoint and pgbench; p99 at min(5,000/s, ½ pgbench) (PostgreSQL)
          slack-replies [count]                                            DM to the bot's reply at the fake Slack, one at a time (embedded default)
          teams-drain [--prompts N] [--workers N] [--store sqlite|postgres]  prompts through the outbox to the fake Bot Connector's limits
          soak [--duration 10m] [--rate 50] [--store sqlite|postgres]      mixed signed load on the real host; samples memory, handles, threads, outbox; prints the trend
          scale [--workspaces N] [--members N] [--instances N]          a week's prompts from N host processes on one PostgreSQL through the fake Slack
        """);
    return 2;
}
