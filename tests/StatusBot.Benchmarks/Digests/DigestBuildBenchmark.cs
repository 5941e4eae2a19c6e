using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Digests;

/// <summary>
/// Builds the digest of <see cref="LargeProgram"/> (the <c>digest preview</c> path: every read and every decision,
/// rendered to the neutral message) on SQLite and on PostgreSQL. Target: ≤ 200 ms.
/// PostgreSQL needs <c>STATUSBOT_TEST_POSTGRES</c>, as the store tests do.
/// </summary>
[MemoryDiagnoser]
public class DigestBuildBenchmark
{
    private TestDatabase? _db;
    private DigestBuilder? _builder;
    private long _programId;

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _db = await TestDatabase.CreateAsync(Store);
        var time = new FakeTimeProvider(LargeProgram.Now);
        await using (var session = await _db.Store.BeginAsync(CancellationToken.None))
        {
            _programId = await LargeProgram.SeedAsync(session, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        // States as the slip scan leaves them, so the digest has slipped and at-risk dependencies to show.
        var changes = await new EvaluateDependencies(_db.Store, time, new SlipRuleOptions()).EvaluateAsync(_programId, CancellationToken.None);
        var options = new DigestOptions { PublicBaseUrl = "https://statusbot.example.com" };
        _builder = new DigestBuilder(_db.Store, new DigestModelLoader(time, options, new BlockerOptions()), options);
        var message = await _builder.BuildAsync(_programId, LargeProgram.ThisWeek, CancellationToken.None);
        Console.WriteLine($"// seeded {Store}: {changes.Count} dependency state changes; digest has {message.Blocks.Count} blocks: {message.Summary}");
    }

    [GlobalCleanup]
    public void Cleanup() => _db?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> BuildDigest() =>
        (await _builder!.BuildAsync(_programId, LargeProgram.ThisWeek, CancellationToken.None)).Blocks.Count;
}
