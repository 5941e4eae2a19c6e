using StatusBot.Benchmarks.CheckIns;

// Load drivers, one per feature folder. Usage:
//   checkins [--teams N] [--members N] [--stores sqlite,postgres]   time to enqueue and drain a week's prompts
//   drain-child --provider Sqlite|Postgres --connection "<cs>" --sink http://127.0.0.1:PORT/
//                                                                    a drain loop for the crash test to SIGKILL
return args switch
{
    ["checkins", .. var rest] => await CheckInBenchmark.RunAsync(rest),
    ["drain-child", .. var rest] => await DrainChild.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: StatusBot.Benchmarks checkins [--teams N] [--members N] [--stores sqlite,postgres] | drain-child --provider P --connection CS --sink URL");
    return 2;
}
