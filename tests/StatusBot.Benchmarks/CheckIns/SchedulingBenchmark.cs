using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Startup;
using StatusBot.Host;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.CheckIns;

/// <summary>
/// Slot lateness: how long after its due time each team's cycle opens (the prompt's outbox row is written in the same
/// transaction as the cycle), over N slots spread a little apart, with three host instances sharing one PostgreSQL
/// database and the scheduler's default polling (or the <c>--Section:Key value</c> host settings given). Reports p50 / p99 / max; the target is p99 ≤ 2 s.
/// </summary>
public static class SchedulingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var slots = Arg(args, "--slots", 200);
        var instances = Arg(args, "--instances", 3);
        var spacing = TimeSpan.FromMilliseconds(Arg(args, "--spacing-ms", 150));
        if (TestPostgres.ConnectionString is null)
        {
            Console.Error.WriteLine($"{TestPostgres.Variable} is not set: this benchmark needs PostgreSQL (eval \"$(scripts/test.sh --print-env)\" or the shared server).");
            return 2;
        }

        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        var calendar = new SpreadCalendar(spacing);
        var nodes = new List<WebApplication>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var app = StatusBotApp.Build(
                    [
                        "--urls", "http://127.0.0.1:0",
                        "--Storage:Provider", "Postgres",
                        "--ConnectionStrings:StatusBot", connectionString,
                        "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                        "--Logging:LogLevel:Default", "Warning",
                        .. HostSettings.From(args),
                    ],
                    builder =>
                    {
                        builder.Services.RemoveAll<ICheckInCalendar>();
                        builder.Services.AddSingleton<ICheckInCalendar>(calendar);
                    });
                await app.StartAsync();
                await app.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(CancellationToken.None);
                nodes.Add(app);
            }

            foreach (var node in nodes)
            {
                var readiness = node.Services.GetRequiredService<SchedulerReadiness>();
                while (readiness.Problem is not null)
                {
                    await Task.Delay(100);
                }
            }

            var teams = await SeedAsync(nodes[0], slots);
            calendar.Start = DateTimeOffset.UtcNow.AddSeconds(10);
            var operations = nodes[0].Services.GetRequiredService<ICheckInOperations>();
            foreach (var team in teams)
            {
                calendar.Order[team] = calendar.Order.Count;
                await operations.ScheduleChangedAsync(team, CancellationToken.None);
            }

            var deadline = calendar.Start + spacing * slots + TimeSpan.FromSeconds(60);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            while (await connection.ExecuteScalarAsync<long>("select count(*) from checkin_cycles") < slots && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(500);
            }

            var lateness = (await connection.QueryAsync<double>(
                """
                select extract(epoch from (min(o.created_at) - c.opens_at)) * 1000
                from checkin_cycles c join outbox o on o.dedup_key like 'checkin:prompt:cycle:' || c.id || ':person:%'
                group by c.id, c.opens_at
                """)).Order().ToList();
            var servers = await connection.ExecuteScalarAsync<long>(
                $"select count(distinct s.data::json->>'ServerId') from {schema}_hangfire.state s join {schema}_hangfire.job j on j.id = s.jobid where s.name = 'Processing' and j.invocationdata::text like '%OpenCheckInsJob%'");
            if (lateness.Count == 0)
            {
                Console.Error.WriteLine("no cycle opened");
                return 1;
            }

            // Where the time goes, per open job (Hangfire records each state's time): due → enqueued by the schedule
            // poller, enqueued → picked up by a worker, picked up → cycle opened (the job's own work). A job carries its
            // instant as its first argument; each team here has an instant of its own.
            var opened = (await connection.QueryAsync<(double OpensAt, double Prompted)>(
                """
                select extract(epoch from c.opens_at), extract(epoch from min(o.created_at))
                from checkin_cycles c join outbox o on o.dedup_key like 'checkin:prompt:cycle:' || c.id || ':person:%'
                group by c.id, c.opens_at
                """)).ToDictionary(c => (long)Math.Floor(c.OpensAt * 1000), c => c.Prompted);
            var stages = (await connection.QueryAsync<(string Arguments, double Enqueued, double Picked)>(
                $"""
                select j.arguments::text, extract(epoch from e.createdat), extract(epoch from p.createdat)
                from {schema}_hangfire.job j
                join lateral (select min(createdat) createdat from {schema}_hangfire.state s where s.jobid = j.id and s.name = 'Enqueued') e on true
                join lateral (select min(createdat) createdat from {schema}_hangfire.state s where s.jobid = j.id and s.name = 'Processing') p on true
                where j.invocationdata::text like '%OpenCheckInsJob%'
                """))
                .Select(j => (j, At: System.Text.Json.JsonSerializer.Deserialize<DateTimeOffset>(System.Text.Json.JsonSerializer.Deserialize<string[]>(j.Arguments)![0])))
                .Where(j => opened.ContainsKey(j.At.ToUnixTimeMilliseconds()))
                .Select(j => (
                    Enqueued: (j.j.Enqueued * 1000) - j.At.ToUnixTimeMilliseconds(),
                    Picked: (j.j.Picked - j.j.Enqueued) * 1000,
                    Opened: (opened[j.At.ToUnixTimeMilliseconds()] - j.j.Picked) * 1000))
                .ToList();
            if (stages.Count == 0)
            {
                Console.Error.WriteLine($"no open job matched a cycle: the first job's arguments are {await connection.ExecuteScalarAsync<string>($"select arguments::text from {schema}_hangfire.job where invocationdata::text like '%OpenCheckInsJob%' limit 1")}");
            }

            static string Spread(IEnumerable<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"p50 {sorted[sorted.Count / 2]:0} / p99 {sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)]:0} / max {sorted[^1]:0} ms");
            }

            Console.WriteLine($"  due → enqueued (schedule poll): {Spread(stages.Select(s => s.Enqueued))}");
            Console.WriteLine($"  enqueued → picked up (queue poll): {Spread(stages.Select(s => s.Picked))}");
            Console.WriteLine($"  picked up → cycle opened (the job): {Spread(stages.Select(s => s.Opened))}");

            double Percentile(double p) => lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(p * lateness.Count) - 1)];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"scheduling: {lateness.Count}/{slots} slots opened by {servers} of {instances} instances on PostgreSQL, {spacing.TotalMilliseconds:0} ms apart; lateness due → cycle opened: p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms, max {lateness[^1]:0} ms, min {lateness[0]:0} ms (target p99 ≤ 2000 ms)"));
            return lateness.Count == slots && Percentile(0.99) <= 2000 ? 0 : 1;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }

            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    private static async Task<IReadOnlyList<long>> SeedAsync(WebApplication node, int teams)
    {
        var store = node.Services.GetRequiredService<IStatusBotStore>();
        await using var session = await store.BeginAsync(CancellationToken.None);
        await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, CancellationToken.None);
        var program = await Seed.ProgramAsync(session, workspaceId: "playground");
        var ids = new List<long>();
        for (var t = 0; t < teams; t++)
        {
            var team = await Seed.TeamAsync(session, program.Id, $"Team {t}");
            ids.Add(team.Id);
            await session.Teams.SetScheduleAsync(
                new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
            var person = await Seed.PersonAsync(session, $"m{t}", workspaceId: "playground");
            await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
        return ids;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>One slot per team, team k's at <see cref="Start"/> + k × spacing; nothing else is ever due.</summary>
    private sealed class SpreadCalendar(TimeSpan spacing) : ICheckInCalendar
    {
        private static readonly DateOnly Week = new(2026, 1, 5);
        private static readonly DateTimeOffset Never = new(2100, 1, 4, 0, 0, 0, TimeSpan.Zero);

        public DateTimeOffset Start { get; set; } = Never;

        public System.Collections.Concurrent.ConcurrentDictionary<long, int> Order { get; } = new();

        public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) =>
            Slot(schedule) is { } slot && slot.OpensAt > after ? slot : new CheckInSlot(Week.AddDays(7000), Never, Never, Never);

        public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) =>
            Slot(schedule) is { } slot && slot.OpensAt <= at ? slot : new CheckInSlot(Week.AddDays(-7), Never.AddYears(-200), Never.AddYears(-200), Never.AddYears(-200));

        public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => new(Week.AddDays(7000), Never, Never, Never);

        private CheckInSlot? Slot(CheckInSchedule schedule)
        {
            if (!Order.TryGetValue(schedule.TeamId, out var k) || Start == Never)
            {
                return null;
            }

            var opens = Start + (spacing * k);
            return new CheckInSlot(Week, opens, opens.AddHours(1), opens.AddHours(2));
        }
    }
}
