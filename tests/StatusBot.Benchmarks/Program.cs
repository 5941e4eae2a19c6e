using StatusBot.Benchmarks.Digests;

// Each feature's load driver lives in its own folder; the first argument picks one.
return args switch
{
    ["digest", .. var rest] => DigestBenchmarks.Run(rest),
    ["digest-profile", .. var rest] => await DigestProfile.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: StatusBot.Benchmarks digest [BenchmarkDotNet arguments, e.g. --filter *SlipPropagation*] | digest-profile sqlite|postgres");
    return 2;
}
