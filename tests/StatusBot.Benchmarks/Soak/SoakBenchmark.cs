using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Slack.Tests.Reliability;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Soak;

/// <summary>
/// The soak: the real host as a child process on loopback, a seeded program (5 installed Slack workspaces, 4 teams of
/// 10 members each, a ring of dependencies, the week's check-ins open), and a mixed load at a fixed rate for a fixed
/// time — signed DM answers (40 %), signed modal answers (10 %), signed <c>/statusbot</c> commands (25 %: status,
/// blockers, digest preview, dep list) and dashboard reads with a signed link (25 %). Every answer is checked; every
/// 10 s the child's RSS, open handles, threads, the outbox's unsent rows, requests and errors are sampled and printed.
/// At the end: each metric's least-squares slope after the warm-up, and a verdict (0 errors, no growth). Exit code 1
/// on any error or growth.
/// <c>StatusBot.Benchmarks soak [--duration 10m] [--rate 50] [--store sqlite|postgres] [--warmup half the duration] [host settings]</c>.
/// </summary>
internal static class SoakBenchmark
{
    private const int Workspaces = 5;
    private const int Teams = 4;
    private const int Members = 10;
    private const int MaxInFlight = 256;
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What counts as growth over 10 minutes after the warm-up: more than 5 % of the metric's mean, and more than a floor
    /// for the metric's normal noise (the GC's heap breathes by several MiB between collections; the thread pool adds
    /// and retires threads; the outbox queue rises and falls with Slack's per-channel limit). At 50 requests/s, 5 % of
    /// a ~150 MiB process over 10 minutes (30,000 requests) catches a leak of ~260 bytes per request.
    /// </summary>
    private static readonly (string Name, Func<Sample, double> Value, double Percent, double Floor)[] s_metrics =
    [
        ("RSS MiB", s => s.RssMiB, 5, 10),
        ("handles", s => s.Handles, 5, 10),
        ("threads", s => s.Threads, 5, 5),
        ("outbox unsent", s => s.OutboxUnsent, 5, 50),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = Duration(Arg(args, "--duration") ?? "10m");
        var rate = double.Parse(Arg(args, "--rate") ?? "50", CultureInfo.InvariantCulture);
        // The trend is judged on the second half by default: the host's heap grows to its working size over the first
        // minutes (a 10-minute run at 50/s rose 170 → 187 MiB in minutes 2–7, then stayed at 183–188 MiB).
        var warmup = Arg(args, "--warmup") is { } given ? Duration(given) : duration / 2;
        if (warmup > duration / 2)
        {
            warmup = duration / 2; // at least half of the run is left for the trend
        }

        var kind = (Arg(args, "--store") ?? "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase) ? StoreKind.Postgres : StoreKind.Sqlite;
        if (kind == StoreKind.Postgres && TestPostgres.ConnectionString is null)
        {
            Console.Error.WriteLine($"{TestPostgres.Variable} is not set: --store postgres needs PostgreSQL.");
            return 2;
        }

        await using var slack = await FakeSlack.StartAsync();
        await using var database = await TestDatabase.CreateAsync(kind);
        var world = new SoakWorld(slack, database, Workspaces, Teams, Members);
        await world.SeedAsync();
        // Disposing it at the end SIGKILLs the child, whatever it is doing.
        using var host = await HostProcess.StartAsync([.. world.HostArgs(), .. HostSettings.From(args)]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight, AllowAutoRedirect = false })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await world.SetUpThroughCommandsAsync(http);
        await world.WaitForPromptsAsync(TimeSpan.FromMinutes(3));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            soak: {kind}, host pid {host.ProcessId}, {Workspaces} workspaces × {Teams} teams × {Members} members ({world.Members} prompted), {Workspaces * Teams} dependencies
            load: {rate:F0} requests/s for {duration.TotalMinutes:F1} min — 40 % signed DM answers, 10 % signed modal answers, 25 % signed /statusbot commands (status, blockers, digest preview, dep list), 25 % dashboard reads with a signed link; warm-up {warmup.TotalMinutes:F1} min; load average {File.ReadAllText("/proc/loadavg").Trim()}
            """));
        Console.WriteLine($"{"time",6} {"requests",9} {"errors",7} {"p99 ms",8} {"RSS MiB",8} {"handles",8} {"threads",8} {"outbox",7} {"posts",7}");

        var load = new Load(world, http);
        var samples = new List<Sample>();
        var started = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var driving = load.DriveAsync(rate, stop.Token);
        samples.Add(await SampleAsync(host, database, slack, load, TimeSpan.Zero));
        while (!stop.IsCancellationRequested && host.Alive)
        {
            var next = s_interval * samples.Count;
            var wait = next - started.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < duration - started.Elapsed ? wait : duration - started.Elapsed + TimeSpan.FromMilliseconds(1));
            }

            if (started.Elapsed > duration || !host.Alive)
            {
                break;
            }

            samples.Add(await SampleAsync(host, database, slack, load, started.Elapsed));
        }

        await driving;
        var alive = host.Alive;
        var last = alive ? await SampleAsync(host, database, slack, load, started.Elapsed) : samples[^1];
        var hostLoad = File.ReadAllText("/proc/loadavg").Trim();
        return Report(samples, last, load, warmup, rate, started.Elapsed, alive, hostLoad);
    }

    private static int Report(List<Sample> samples, Sample last, Load load, TimeSpan warmup, double rate, TimeSpan elapsed, bool alive, string loadAverage)
    {
        var steady = samples.Where(s => s.At >= warmup).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trend over {steady.Count} samples after the {warmup.TotalMinutes:F1} min warm-up (least squares; grows = above both the % of mean and the floor over 10 min):"));
        Console.WriteLine($"{"metric",-14} {"mean",9} {"first",9} {"last",9} {"slope/min",10} {"%mean/10min",12} {"threshold",18}  verdict");
        var growing = new List<string>();
        foreach (var (name, value, percent, floor) in s_metrics)
        {
            var trend = Trend.Of([.. steady.Select(s => (s.At.TotalMinutes, value(s)))]);
            var grows = trend.Grows(percent, floor);
            if (grows)
            {
                growing.Add(name);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-14} {trend.Mean,9:F1} {trend.First,9:F1} {trend.Last,9:F1} {trend.SlopePerMinute,10:F3} {trend.PercentOfMeanPer10Minutes,11:F2}% {$"{percent} % or {floor}",18}  {(grows ? "GROWS" : "flat")}"));
        }

        var achieved = last.Requests / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests {last.Requests} in {elapsed.TotalMinutes:F1} min ({achieved:F1}/s of {rate:F0}/s asked), errors {last.Errors}, slowest {load.SlowestMs:F0} ms, fake Slack posts {last.Posts}; load average at the end {loadAverage}"));
        foreach (var (what, count) in load.Errors.OrderByDescending(e => e.Value))
        {
            Console.WriteLine($"  error {what}: {count}");
        }

        var verdict = alive && last.Errors == 0 && growing.Count == 0 && achieved >= rate * 0.95;
        Console.WriteLine(verdict
            ? "verdict: PASS (0 errors, no growth trend)"
            : $"verdict: FAIL ({(alive ? string.Empty : "the host died; ")}{last.Errors} errors{(growing.Count > 0 ? "; grows: " + string.Join(", ", growing) : string.Empty)}{(achieved < rate * 0.95 ? "; the rate was not held" : string.Empty)})");
        return verdict ? 0 : 1;
    }

    private static async Task<Sample> SampleAsync(HostProcess host, TestDatabase database, FakeSlack slack, Load load, TimeSpan at)
    {
        var status = await File.ReadAllLinesAsync($"/proc/{host.ProcessId}/status");
        double Field(string name) =>
            double.Parse(status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var handles = Directory.GetFiles($"/proc/{host.ProcessId}/fd").Length;
        int unsent;
        await using (var connection = await database.Store.Dialect.OpenAsync(CancellationToken.None))
        {
            unsent = await connection.ExecuteScalarAsync<int>("select count(*) from outbox where state = 'Pending'");
        }

        var sample = new Sample(at, Field("VmRSS") / 1024, handles, Field("Threads"), unsent, load.Done, load.ErrorCount, slack.CallsTo("chat.postMessage").Count, load.TakeP99());
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(int)at.TotalMinutes,3}:{at.Seconds:D2} {sample.Requests,9} {sample.Errors,7} {sample.P99Ms,8:F0} {sample.RssMiB,8:F1} {sample.Handles,8} {sample.Threads,8} {sample.OutboxUnsent,7} {sample.Posts,7}"));
        return sample;
    }

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary><c>600</c>, <c>600s</c>, <c>10m</c>.</summary>
    private static TimeSpan Duration(string text) => text[^1] switch
    {
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };

    private sealed record Sample(TimeSpan At, double RssMiB, int Handles, double Threads, int OutboxUnsent, long Requests, long Errors, int Posts, double P99Ms);

    /// <summary>Requests at a fixed rate (open loop: each starts on its schedule, whatever the earlier ones do), each checked.</summary>
    private sealed class Load(SoakWorld world, HttpClient http)
    {
        private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
        private ConcurrentBag<double> _latencies = [];
        private long _done;
        private long _errors;
        private double _slowest;

        public ConcurrentDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);
        public long Done => Interlocked.Read(ref _done);
        public long ErrorCount => Interlocked.Read(ref _errors);
        public double SlowestMs => _slowest;

        public double TakeP99()
        {
            var sorted = Interlocked.Exchange(ref _latencies, []).Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)];
        }

        public async Task DriveAsync(double rate, CancellationToken stop)
        {
            var pending = new List<Task>();
            var clock = Stopwatch.StartNew();
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var due = TimeSpan.FromSeconds(n / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(due, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                await _inFlight.WaitAsync(CancellationToken.None);
                pending.Add(SendAsync(n));
                pending.RemoveAll(t => t.IsCompleted);
            }

            await Task.WhenAll(pending);
        }

        private async Task SendAsync(long n)
        {
            var (kind, request) = world.Next(n);
            var watch = Stopwatch.StartNew();
            try
            {
                using (request)
                using (var response = await http.SendAsync(request))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    var problem = Check(kind, response.StatusCode, body);
                    if (problem is not null)
                    {
                        Fail($"{kind}: {problem}");
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Fail($"{kind}: {exception.GetType().Name}");
            }
            finally
            {
                var ms = watch.Elapsed.TotalMilliseconds;
                _latencies.Add(ms);
                if (ms > _slowest)
                {
                    _slowest = ms;
                }

                Interlocked.Increment(ref _done);
                _inFlight.Release();
            }
        }

        /// <summary>Null when the answer is what a person would expect, otherwise what was wrong.</summary>
        private static string? Check(string kind, HttpStatusCode status, string body) => (kind, status) switch
        {
            (_, not HttpStatusCode.OK) => ((int)status).ToString(CultureInfo.InvariantCulture),
            ("modal answer", _) when !body.Contains("\"update\"", StringComparison.Ordinal) => "not accepted",
            ("dashboard", _) when !body.Contains("<html", StringComparison.OrdinalIgnoreCase) => "no page",
            _ => null,
        };

        private void Fail(string what)
        {
            Interlocked.Increment(ref _errors);
            Errors.AddOrUpdate(what, 1, (_, count) => count + 1);
        }
    }
}
