using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Benchmarks.Slack;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.CheckIns;

/// <summary>
/// What one person's actions cost as the team grows, through the real host and the playground API, as a new user tries it:
/// <c>answers</c> times one DM answer end to end (parse, store, confirmation rendered) in a team of each size;
/// <c>summary</c> times <c>/statusbot status</c> and the program digest build with 90 % of the team answered. One program,
/// one team, its cycle open; a load driver (one request at a time, median of the runs), not BenchmarkDotNet.
/// <c>StatusBot.Benchmarks answers|summary [--sizes 10,1000,10000] [--runs 50] [--store sqlite|postgres]</c>.
/// </summary>
public static class TeamSizeBenchmark
{
    private const string Admin = "tina";

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var options = Options.Parse(args);
        var summary = mode == "summary";
        var sizes = options.Get("--sizes", summary ? "1000,10000,100000" : "10,1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(options.Get("--runs", summary ? "15" : "50"), CultureInfo.InvariantCulture);
        var kind = Enum.Parse<StoreKind>(options.Get("--store", "sqlite"), ignoreCase: true);
        if (kind == StoreKind.Postgres && TestPostgres.ConnectionString is null)
        {
            Console.WriteLine($"postgres: skipped (set {TestPostgres.Variable})");
            return 0;
        }

        Console.WriteLine(summary
            ? $"status and digest, one program, one team, 90 % answered, {kind}, median of {runs}"
            : $"one DM answer through the playground API, {kind}, median of {runs} (members answer in turn; in a team smaller than the runs, later answers are edits)");
        Console.WriteLine(summary
            ? "members | seed (s) | status median (ms) | status p90 (ms) | digest median (ms) | digest p90 (ms)"
            : "members | seed (s) | answer median (ms) | p90 (ms) | max (ms)");
        foreach (var size in sizes)
        {
            if (summary)
            {
                await SummaryAsync(kind, size, runs);
            }
            else
            {
                await AnswersAsync(kind, size, runs);
            }
        }

        return 0;
    }

    private static async Task AnswersAsync(StoreKind kind, int members, int runs)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = Stopwatch.StartNew();
        var (_, cycle) = await SeedAsync(db, members, answeredShare: 0);
        await MarkDeliveredAsync(db);
        var seed = clock.Elapsed;
        var (app, http) = await StartHostAsync(db);
        await using (app)
        using (http)
        {

            // Warm-up: the first requests JIT the path, and tiered compilation recompiles a method optimised only after it
            // has run about 30 times and a background delay (five requests measured tier-0 code, a host's first minute, not
            // its steady state). They answer as members the timed runs do not use first (in a team of 10 they are edits).
            for (var i = 0; i < 200; i++)
            {
                await AnswerAsync(http, Member((members - 1 - i + members) % members), cycle);
            }

            var latencies = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await AnswerAsync(http, Member(i % members), cycle);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            latencies.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{members,7} | {seed.TotalSeconds,8:0.0} | {BenchHost.Percentile(latencies, 0.5),18:0.00} | {BenchHost.Percentile(latencies, 0.9),8:0.00} | {latencies[^1],8:0.00}"));
        }
    }

    private static async Task SummaryAsync(StoreKind kind, int members, int runs)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = Stopwatch.StartNew();
        var (programId, cycle) = await SeedAsync(db, members, answeredShare: 0.9);
        await MarkDeliveredAsync(db);
        var seed = clock.Elapsed;
        var (app, http) = await StartHostAsync(db);
        await using (app)
        using (http)
        {
            var digest = app.Services.GetRequiredService<IDigestBuilder>();
            for (var i = 0; i < 3; i++)
            {
                await StatusAsync(http);
                await digest.BuildAsync(programId, cycle.WeekOf, CancellationToken.None);
            }

            var status = new List<double>();
            var digests = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await StatusAsync(http);
                status.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                start = Stopwatch.GetTimestamp();
                await digest.BuildAsync(programId, cycle.WeekOf, CancellationToken.None);
                digests.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            status.Sort();
            digests.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{members,7} | {seed.TotalSeconds,8:0.0} | {BenchHost.Percentile(status, 0.5),18:0.0} | {BenchHost.Percentile(status, 0.9),15:0.0} | {BenchHost.Percentile(digests, 0.5),18:0.0} | {BenchHost.Percentile(digests, 0.9),15:0.0}"));
        }
    }

    /// <summary>
    /// Marks the round's prompts delivered, as they are once the host has sent them: the playground paces its deliveries
    /// like a chat platform, so a 10,000-member round takes many minutes to reach every inbox, and answers timed meanwhile
    /// would measure the one SQLite writer's queue behind that delivery, not what an answer costs.
    /// </summary>
    private static async Task MarkDeliveredAsync(TestDatabase db)
    {
        await using var connection = await db.Dialect.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "update outbox set state = 'Delivered', attempts = 1 where state = 'Pending'";
        await command.ExecuteNonQueryAsync();
    }

    private static string Member(int index) => string.Create(CultureInfo.InvariantCulture, $"m{index}");

    private static async Task AnswerAsync(HttpClient http, string member, CheckInCycle cycle)
    {
        using var response = await http.PostAsJsonAsync(
            new Uri("playground/api/dm", UriKind.Relative),
            new { @as = member, text = "on track\nprogress: shipped the importer\nnext: the exporter" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("Nothing was recorded", StringComparison.Ordinal) || body.Contains("went wrong", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"answer of {member} to cycle {cycle.Id} was not recorded: {(int)response.StatusCode} {body}");
        }
    }

    private static async Task StatusAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync(new Uri("playground/api/command", UriKind.Relative), new { @as = Admin, text = "/statusbot status" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains("Bench", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"status failed: {(int)response.StatusCode} {body}");
        }
    }

    private static Task<(WebApplication App, HttpClient Http)> StartHostAsync(TestDatabase db) =>
        BenchHost.StartAsync(
            [
                "--Storage:Provider", db.Kind == StoreKind.Postgres ? "Postgres" : "Sqlite",
                "--ConnectionStrings:StatusBot", db.ConnectionString,
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--Scheduling:Enabled", "false",
                "--Playground:Enabled", "true",
            ],
            _ => { });

    /// <summary>One program, one team of <paramref name="members"/> people, its cycle opened through the engine; a share answered.</summary>
    internal static async Task<(long ProgramId, CheckInCycle Cycle)> SeedAsync(TestDatabase db, int members, double answeredShare)
    {
        var ct = CancellationToken.None;
        var time = TimeProvider.System;
        CheckInSchedule schedule;
        long programId;
        await using (var session = await db.Store.BeginAsync(ct))
        {
            await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Bench", CreatedAt = Seed.Now }, ct);
            var program = await Seed.ProgramAsync(session, name: "Bench", workspaceId: "playground");
            programId = program.Id;
            var team = await Seed.TeamAsync(session, program.Id, "Platform");
            schedule = new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now };
            await session.Teams.SetScheduleAsync(schedule, ct);
            for (var m = 0; m < members; m++)
            {
                var person = await Seed.PersonAsync(session, Member(m), workspaceId: "playground");
                await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, ct);
            }

            await session.CommitAsync(ct);
        }

        var opened = await new OpenCycle(db.Store, new PromptMembers(time), new NoCheckInScheduler())
            .OpenAsync(schedule, CheckInClock.StartingAt(schedule, time.GetUtcNow()), ct);
        var cycle = opened.Cycle!;
        var answered = (int)(members * answeredShare);
        if (answered > 0)
        {
            await using var session = await db.Store.BeginAsync(ct);
            var statuses = new[] { CheckInStatus.OnTrack, CheckInStatus.OnTrack, CheckInStatus.AtRisk, CheckInStatus.OffTrack };
            foreach (var member in (await session.CheckIns.ListCycleMembersAsync(cycle.Id, ct)).Take(answered))
            {
                await session.CheckIns.SaveAnswerAsync(
                    new Answer
                    {
                        CycleId = cycle.Id,
                        PersonId = member.PersonId,
                        Status = statuses[member.PersonId % statuses.Length],
                        Progress = "Shipped the importer",
                        Next = "The exporter",
                        SubmittedAt = time.GetUtcNow(),
                    },
                    ct);
            }

            await session.CommitAsync(ct);
        }

        return (programId, cycle);
    }
}
