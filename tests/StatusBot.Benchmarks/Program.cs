using StatusBot.Benchmarks.Slack;

// Each feature's load driver lives in its own folder; the first argument picks one.
return args switch
{
    ["slack-drain", .. var rest] => await DrainBenchmark.RunAsync(rest),
    ["slack-acks", .. var rest] => await AckBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: StatusBot.Benchmarks slack-drain [prompts] [workspaces] | slack-acks [seconds] [clients]");
    return 2;
}
