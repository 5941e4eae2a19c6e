using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.Digests;
using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Digests;

/// <summary>
/// Where a digest build spends its time: seeds <see cref="LargeProgram"/> once, then times each program-wide read and
/// the whole build (median of 7). A diagnostic, not a benchmark: <c>StatusBot.Benchmarks digest-profile sqlite|postgres</c>.
/// </summary>
public static class DigestProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var kind = args is ["postgres", ..] ? StoreKind.Postgres : StoreKind.Sqlite;
        var members = args.SkipWhile(a => a != "--members").Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        await using var db = await TestDatabase.CreateAsync(kind);
        long programId;
        DateOnly week;
        DateTimeOffset now;
        if (members > 0)
        {
            // One team of that many members, 90 % answered: the summary driver's program.
            var (id, cycle) = await CheckIns.TeamSizeBenchmark.SeedAsync(db, members, answeredShare: 0.9);
            (programId, week, now) = (id, cycle.WeekOf, TimeProvider.System.GetUtcNow());
        }
        else
        {
            await using var s = await db.Store.BeginAsync(CancellationToken.None);
            programId = await LargeProgram.SeedAsync(s, CancellationToken.None);
            await s.CommitAsync(CancellationToken.None);
            (week, now) = (LargeProgram.ThisWeek, LargeProgram.Now);
        }

        var ct = CancellationToken.None;
        var steps = new (string Name, Func<IStoreSession, Task<int>> Run)[]
        {
            ("teams", async s => (await s.Teams.ListAsync(programId, ct)).Count),
            ("people", async s => (await s.History.ListPeopleAsync(programId, ct)).Count),
            ("answers (2 weeks)", async s => (await s.History.ListAnswersAsync(programId, week.AddDays(-7), week, ct)).Count),
            ("cycle members", async s => (await s.History.ListCycleMembersAsync(programId, week, ct)).Count),
            ("latest answers", async s => (await s.History.ListLatestAnswersAsync(programId, ct)).Count),
            ("dependencies", async s => (await s.Dependencies.ListAsync(programId, ct)).Count),
            ("open blockers", async s => (await s.History.ListOpenBlockersAsync(programId, ct)).Count),
            ("cycle weeks (6)", async s => (await s.History.ListCycleWeeksAsync(programId, week.AddDays(-42), week, ct)).Count),
            ("leads", async s => (await s.History.ListLeadsAsync(programId, ct)).Count),
            ("risks", async s => (await s.Risks.ListAsync(programId, ct)).Count),
            ("decisions", async s => (await s.Decisions.ListAsync(programId, ct)).Count),
        };
        foreach (var (name, run) in steps)
        {
            var (median, rows) = await TimeAsync(async () =>
            {
                await using var s = await db.Store.BeginAsync(ct);
                return await run(s);
            });
            Console.WriteLine($"{kind,-8} {name,-20} {rows,7} rows {median,8:F2} ms");
        }

        var time = new FakeTimeProvider(now);
        var options = new DigestOptions { PublicBaseUrl = "https://statusbot.example.com" };
        var builder = new DigestBuilder(db.Store, new DigestModelLoader(time, options, new BlockerOptions()), options);
        var loader = new DigestModelLoader(time, options, new BlockerOptions());
        var (load, _) = await TimeAsync(async () =>
        {
            await using var s = await db.Store.BeginAsync(ct);
            return (await loader.LoadAsync(s, programId, week, ct)).Teams.Count;
        });
        Console.WriteLine($"{kind,-8} {"model load",-20} {"",7}      {load,8:F2} ms");
        var (total, blocks) = await TimeAsync(async () => (await builder.BuildAsync(programId, week, ct)).Blocks.Count);
        Console.WriteLine($"{kind,-8} {"whole digest",-20} {blocks,7} blks {total,8:F2} ms");
        return 0;
    }

    private static async Task<(double MedianMs, int Result)> TimeAsync(Func<Task<int>> run)
    {
        var result = await run(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            result = await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], result);
    }
}
