using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Benchmarks.Digests;
using StatusBot.Core.Blockers;
using StatusBot.Core.Digests;
using StatusBot.Host.Dashboard;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Dashboard;

/// <summary>
/// Server time of the program dashboard for the large program (200 teams, 2,000 people, 2,000 dependencies,
/// 52 weeks): reading the page's data, building the digest it embeds, and rendering the HTML, median of the runs,
/// next to the digest build alone measured in the same run. <c>StatusBot.Benchmarks dashboard [--runs N] [--stores sqlite,postgres]</c>.
/// </summary>
public static class DashboardBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(15);
        var stores = (args.SkipWhile(a => a != "--stores").Skip(1).FirstOrDefault() ?? "sqlite,postgres").Split(',');
        foreach (var store in stores)
        {
            var kind = store.Equals("postgres", StringComparison.OrdinalIgnoreCase) ? StoreKind.Postgres : StoreKind.Sqlite;
            if (kind == StoreKind.Postgres && TestPostgres.ConnectionString is null)
            {
                Console.WriteLine("postgres: skipped (STATUSBOT_TEST_POSTGRES not set)");
                continue;
            }

            await RunOnAsync(kind, runs);
        }

        return 0;
    }

    private static async Task RunOnAsync(StoreKind kind, int runs)
    {
        var ct = CancellationToken.None;
        await using var db = await TestDatabase.CreateAsync(kind);
        long programId;
        await using (var session = await db.Store.BeginAsync(ct))
        {
            programId = await LargeProgram.SeedAsync(session, ct);
            await session.CommitAsync(ct);
        }

        var time = new FakeTimeProvider(LargeProgram.Now);
        var options = new DigestOptions { PublicBaseUrl = "https://statusbot.example.com" };
        var digest = new DigestBuilder(db.Store, new DigestModelLoader(time, options, new BlockerOptions()), options);
        var services = new ServiceCollection().AddSingleton<IDigestBuilder>(digest).BuildServiceProvider();
        var loader = new DashboardModelLoader(db.Store, time, services);

        var pageBytes = 0;
        var html = string.Empty;
        var page = await MedianAsync(runs, async () =>
        {
            var model = await loader.LoadAsync(programId, ct);
            html = DashboardPage.Render(model!);
            pageBytes = Encoding.UTF8.GetByteCount(html);
        });

        // On the wire: what the host's response compression sends (brotli and gzip at the levels the host configures).
        var (brotli, brotliMs) = Compressed(html, s => new BrotliStream(s, CompressionLevel.Optimal, leaveOpen: true));
        var (gzip, gzipMs) = Compressed(html, s => new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true));
        var digestOnly = await MedianAsync(runs, () => digest.BuildAsync(programId, LargeProgram.ThisWeek, ct));
        Console.WriteLine(
            $"{kind,-8} dashboard page {page,8:F1} ms (median of {runs}, {pageBytes / 1024} KiB of HTML); " +
            $"digest alone {digestOnly,7:F1} ms; page ÷ digest = {page / digestOnly:F1}; " +
            $"on the wire {brotli / 1024} KiB brotli ({brotliMs:F1} ms), {gzip / 1024} KiB gzip ({gzipMs:F1} ms)");
    }

    private static (int Bytes, double Ms) Compressed(string html, Func<Stream, Stream> compressor)
    {
        var watch = Stopwatch.StartNew();
        using var buffer = new MemoryStream();
        using (var stream = compressor(buffer))
        {
            stream.Write(Encoding.UTF8.GetBytes(html));
        }

        return ((int)buffer.Length, watch.Elapsed.TotalMilliseconds);
    }

    private static async Task<double> MedianAsync(int runs, Func<Task> work)
    {
        await work();
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
