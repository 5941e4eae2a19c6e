using System.Diagnostics;
using System.Globalization;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.CheckIns;

/// <summary>
/// Opens one week's cycles for many teams (each cycle: member snapshot + one prompt row per member, one
/// transaction per batch of teams) and drains every prompt through a stub platform that accepts at once, on each store.
/// A load driver rather than BenchmarkDotNet: one run is already 10,000 messages, and the figure that matters is
/// the wall time of that batch, measured once per store after a warm-up.
/// </summary>
public static class CheckInBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var teams = int.Parse(options.Get("--teams", "1000"), CultureInfo.InvariantCulture);
        var members = int.Parse(options.Get("--members", "10"), CultureInfo.InvariantCulture);
        var workers = int.Parse(options.Get("--workers", "4"), CultureInfo.InvariantCulture);
        // --enqueue-only: time opening and enqueueing only (no drains), for quick before/after comparisons of the round.
        var enqueueOnly = options.Get("--enqueue-only", "false") == "true";
        var warmup = options.Get("--warmup", "full");
        // --rounds: timed rounds after the warm-up (with --enqueue-only), for medians on a shared machine and for profiles.
        var rounds = int.Parse(options.Get("--rounds", "1"), CultureInfo.InvariantCulture);
        var stores = options.Get("--stores", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine($"check-in benchmark: {teams} teams x {members} members = {teams * members} prompts");
        Console.WriteLine("store     | seed (s) | open+enqueue (s) | prompts/s | CPU (s) | drain 1 worker (s) | msg/s | drain " + workers + " workers (s) | msg/s");
        foreach (var store in stores)
        {
            var kind = Enum.Parse<StoreKind>(store, ignoreCase: true);
            if (kind == StoreKind.Postgres && TestPostgres.ConnectionString is null)
            {
                Console.WriteLine($"{store,-9} | skipped: set {TestPostgres.Variable}");
                continue;
            }

            // Rounds first, untimed, so the figure is a long-running host's weekly round, not the JIT compiling it: a host
            // that ran last week's round runs this week's on code the runtime has re-compiled optimised. Two of the same
            // shape (the runtime starts counting calls for re-compilation only once compiling new code pauses, so the first
            // round runs the first tier and the second gets it re-compiled), then a pause for those background
            // re-compilations to finish. "--warmup small" keeps the earlier 10 x 10 warm-up, after which the timed round
            // ran on first-tier code beside the JIT re-compiling it (a third of the process's CPU in that round).
            await RunOnceAsync(kind, 10, 10, 0);
            if (warmup == "full")
            {
                await RunOnceAsync(kind, teams, members, 0);
                await RunOnceAsync(kind, teams, members, 0);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            var single = await RunOnceAsync(kind, teams, members, enqueueOnly ? 0 : 1);
            if (enqueueOnly)
            {
                // One line per timed round (--rounds), each on a fresh database.
                for (var round = 1; ; round++)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{store,-9} | {single.Seed.TotalSeconds,8:0.00} | {single.Enqueue.TotalSeconds,16:0.000} | {single.Prompts / single.Enqueue.TotalSeconds,9:0} | {single.EnqueueCpu.TotalSeconds,7:0.000} | (drain not run)"));
                    if (round >= rounds)
                    {
                        break;
                    }

                    single = await RunOnceAsync(kind, teams, members, 0);
                }

                continue;
            }


            // SQLite has one writer: parallel drainers only queue behind each other, so the figure is measured on PostgreSQL.
            var parallel = kind == StoreKind.Postgres ? await RunOnceAsync(kind, teams, members, workers) : single;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{store,-9} | {single.Seed.TotalSeconds,8:0.00} | {single.Enqueue.TotalSeconds,16:0.00} | {single.Prompts / single.Enqueue.TotalSeconds,9:0} | {single.EnqueueCpu.TotalSeconds,7:0.000} | {single.Drain.TotalSeconds,18:0.00} | {single.Prompts / single.Drain.TotalSeconds,5:0} | {(ReferenceEquals(parallel, single) ? "n/a (one writer)" : parallel.Drain.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)),19} | {(ReferenceEquals(parallel, single) ? "" : (parallel.Prompts / parallel.Drain.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)),5}"));
        }

        return 0;
    }

    /// <param name="EnqueueCpu">The process's CPU time (all threads: JIT and GC included) while opening: on a shared machine it varies far less than the wall time.</param>
    private sealed record Result(int Prompts, TimeSpan Seed, TimeSpan Enqueue, TimeSpan Drain, TimeSpan EnqueueCpu);

    private static async Task<Result> RunOnceAsync(StoreKind kind, int teams, int members, int workers)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = TimeProvider.System;
        var clock = Stopwatch.StartNew();
        var schedules = await SeedAsync(db.Store, teams, members);
        var seed = clock.Elapsed;

        var open = new OpenCycle(db.Store, new PromptMembers(time), new NoCheckInScheduler());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        // All teams due at one instant, opened together (the batch call; the scheduler still opens one team per job).
        var now = time.GetUtcNow();
        var results = await open.OpenManyAsync(schedules.Select(s => new DueCheckIn(s, CheckInClock.StartingAt(s, now))).ToList(), CancellationToken.None);
        if (results.FirstOrDefault(r => r.Failure is not null) is { Failure: { } failure })
        {
            throw new InvalidOperationException("A team failed to open", failure);
        }

        var prompts = results.Sum(r => r.Prompted);

        var enqueue = clock.Elapsed;
        var enqueueCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (workers == 0)
        {
            return prompts == teams * members
                ? new Result(prompts, seed, enqueue, TimeSpan.Zero, enqueueCpu)
                : throw new InvalidOperationException($"expected {teams * members} prompts, enqueued {prompts}");
        }

        var platform = new CountingPlatform();
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var drainer = new OutboxDrainer(
                db.Store,
                [platform],
                new OutboxDrainerSettings { WorkerId = $"bench-{w}", BatchSize = 100 },
                time,
                Random.Shared);
            while (true)
            {
                try
                {
                    if ((await drainer.DrainOnceAsync(CancellationToken.None)).Idle)
                    {
                        return;
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
                {
                    // SQLite busy: several workers contend for its single writer; try again.
                }
            }
        })));
        var drain = clock.Elapsed;
        if (platform.Count != prompts || prompts != teams * members)
        {
            throw new InvalidOperationException($"expected {teams * members} prompts, enqueued {prompts}, delivered {platform.Count}");
        }

        return new Result(prompts, seed, enqueue, drain, enqueueCpu);
    }

    private static async Task<IReadOnlyList<CheckInSchedule>> SeedAsync(StatusBot.Data.DapperStore store, int teams, int members)
    {
        var schedules = new List<CheckInSchedule>();
        await using var session = await store.BeginAsync(CancellationToken.None);
        await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Bench", CreatedAt = Seed.Now }, CancellationToken.None);
        var program = await Seed.ProgramAsync(session, workspaceId: "playground");
        for (var t = 0; t < teams; t++)
        {
            var team = await Seed.TeamAsync(session, program.Id, $"Team {t}");
            var schedule = new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now };
            await session.Teams.SetScheduleAsync(schedule, CancellationToken.None);
            schedules.Add(schedule);
            for (var m = 0; m < members; m++)
            {
                var person = await Seed.PersonAsync(session, $"t{t}m{m}", workspaceId: "playground");
                await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
            }
        }

        await session.CommitAsync(CancellationToken.None);
        return schedules;
    }

    /// <summary>A stub platform that accepts every message at once.</summary>
    private sealed class CountingPlatform : IChatPlatform
    {
        private int _count;

        public int Count => _count;

        public ChatPlatform Platform => ChatPlatform.Playground;

        public Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(DeliveryResult.Delivered(Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture)));
    }
}
