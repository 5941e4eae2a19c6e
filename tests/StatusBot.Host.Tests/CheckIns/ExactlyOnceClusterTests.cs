using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Digests;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// Three host instances sharing one PostgreSQL database (the bot's schema and Hangfire's) run 4 teams through 8 weekly
/// slots each (32 opens, plus a reminder and a close per cycle); one instance is stopped half-way.
/// Schedules are minute-grained, so this test compresses each "week" into 6 s of real time (a run later than the next
/// week's slot opens only that one, by the catch-up rule, so a week must outlast the worst lateness on a loaded machine:
/// CI runs this beside the Slack suite on 2 cores, where 2.5 s was once not enough) with
/// <see cref="CompressedCalendar"/>: Hangfire, the jobs, the plans and the store are all the real ones. Hangfire is
/// at-least-once, so the test asserts the effects (each cycle once, one prompt per member), never how often a job ran.
/// </summary>
public sealed class ExactlyOnceClusterTests
{
    private const int Teams = 4;
    private const int Weeks = 8;
    private const int MembersPerTeam = 3;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_team_week_opens_once_and_every_member_gets_one_prompt_and_at_most_one_reminder_across_three_instances()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        var calendar = new CompressedCalendar(TimeSpan.FromSeconds(6), Weeks);
        var digests = new CountingDigestPublisher();
        var nodes = new List<WebApplication>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                nodes.Add(await StartNodeAsync(connectionString, calendar, digests));
            }

            var teamIds = await SeedAsync(nodes[0]);

            // The first week starts once every instance is up and every team is planned: a schedule set after its
            // slot starts with the next week (as for users), so planning the 4 teams must end before week 0's slots,
            // which on a loaded CI machine once took more than 2 s and left three teams without week 0.
            calendar.Start = DateTimeOffset.UtcNow.AddSeconds(10);
            foreach (var teamId in teamIds)
            {
                await nodes[0].Services.GetRequiredService<ICheckInOperations>().ScheduleChangedAsync(teamId, Ct);
            }

            // Stop one instance half-way through the run.
            await Task.Delay(calendar.Start - DateTimeOffset.UtcNow + calendar.Period * (Weeks / 2), Ct);
            await nodes[1].StopAsync(Ct);

            await CheckInHost.Eventually(
                async () => await CountAsync(connectionString, "select count(*) from checkin_cycles where state = 'Closed'") == Teams * Weeks,
                TimeSpan.FromSeconds(90),
                $"all {Teams * Weeks} cycles opened and closed",
                async () => string.Join(
                    "; ",
                    (await RowsAsync(connectionString, "select team_id, count(*), sum(case when state = 'Closed' then 1 else 0 end) from checkin_cycles group by team_id order by team_id"))
                    .Select(r => $"team {r[0]}: {r[1]} cycles, {r[2]} closed"))
                    + $"; weeks: {await DescribeAsync(connectionString, "select team_id || ':' || week_of || ' opens ' || to_char(opens_at, 'HH24:MI:SS.MS') from checkin_cycles order by team_id, week_of")}"
                    + $"; open jobs: {await DescribeAsync(connectionString, $"select j.id || ' ' || left(j.arguments::text, 40) || ' ' || (select string_agg(s.name || '@' || to_char(s.createdat, 'HH24:MI:SS.MS') || coalesce(' ' || left(s.reason, 80), ''), ' > ' order by s.id) from {schema}_hangfire.state s where s.jobid = j.id) from {schema}_hangfire.job j where j.invocationdata::text like '%OpenCheckInsJob%' order by j.id")}"
                    + $"; servers: {await DescribeAsync(connectionString, $"select id || ' ' || lastheartbeat from {schema}_hangfire.server")}");
            await Task.Delay(calendar.Period * 2, Ct); // a duplicate fire would land by now

            Assert.Equal(Teams * Weeks, await CountAsync(connectionString, "select count(*) from checkin_cycles"));
            Assert.Equal(
                Teams * Weeks,
                await CountAsync(connectionString, $"select count(distinct team_id || ':' || week_of) from checkin_cycles where week_of < '{CompressedCalendar.WeekOf(Weeks):yyyy-MM-dd}'"));
            var perCycle = await RowsAsync(connectionString,
                """
                select c.id,
                       (select count(*) from cycle_members m where m.cycle_id = c.id),
                       (select count(*) from outbox o where o.dedup_key like 'checkin:prompt:cycle:' || c.id || ':person:%'),
                       (select count(*) from outbox o where o.dedup_key like 'checkin:reminder:cycle:' || c.id || ':person:%')
                from checkin_cycles c
                """);
            Assert.All(perCycle, row =>
            {
                Assert.Equal(MembersPerTeam, row[1]);
                Assert.Equal(MembersPerTeam, row[2]);
                Assert.InRange(row[3], 0, MembersPerTeam);
            });
            Assert.Equal(Teams * Weeks * MembersPerTeam, await CountAsync(connectionString, "select count(*) from outbox where dedup_key like 'checkin:prompt:%'"));
            Assert.Equal(
                await CountAsync(connectionString, "select count(*) from outbox where dedup_key like 'checkin:reminder:%'"),
                await CountAsync(connectionString, "select count(distinct dedup_key) from outbox where dedup_key like 'checkin:reminder:%'"));
            Assert.Equal(Teams * Weeks * MembersPerTeam, await CountAsync(connectionString, "select count(*) from cycle_members where prompted_at is not null"));
            // The open jobs were shared by the instances (Hangfire records the server in each Processing state). A job may
            // run again (an instance stopping mid-job, a reconcile racing a run); the counts above prove a re-run opens and
            // prompts nothing twice, which is the guarantee, so the number of runs is not asserted.
            Assert.True(
                await CountAsync(connectionString, $"select count(distinct s.data::json->>'ServerId') from {schema}_hangfire.state s join {schema}_hangfire.job j on j.id = s.jobid where s.name = 'Processing' and j.invocationdata::text like '%OpenCheckInsJob%'") >= 2,
                "the open jobs were spread over the instances");

            // Every week closed in every team, so each week was handed to the digest.
            Assert.Equal(
                string.Join(", ", Enumerable.Range(0, Weeks).Select(CompressedCalendar.WeekOf)),
                string.Join(", ", digests.WeeksPublished.Order()));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync(CancellationToken.None);
                await node.DisposeAsync();
            }

            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    private static async Task<WebApplication> StartNodeAsync(string connectionString, CompressedCalendar calendar, IDigestPublisher digests)
    {
        var app = StatusBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:Provider", "Postgres",
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--ConnectionStrings:StatusBot", connectionString,
                "--Scheduling:SchedulePollingInterval", "00:00:00.200",
                "--Scheduling:QueuePollInterval", "00:00:00.200",
                "--Scheduling:CatchUpAfter", "00:00:10",
                "--Scheduling:ReconcileInterval", "00:00:01",
                "--Outbox:IdleDelay", "00:00:00.500",
                "--Logging:LogLevel:Default", "Warning",
            ],
            builder =>
            {
                builder.Services.RemoveAll<ICheckInCalendar>();
                builder.Services.AddSingleton<ICheckInCalendar>(calendar);
                builder.Services.RemoveAll<IDigestPublisher>();
                builder.Services.AddSingleton(digests);
            });
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(Ct);
        return app;
    }

    private static async Task<IReadOnlyList<long>> SeedAsync(WebApplication node)
    {
        var store = node.Services.GetRequiredService<IStatusBotStore>();
        await using var session = await store.BeginAsync(Ct);
        await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
        var program = await Seed.ProgramAsync(session, workspaceId: "playground");
        var ids = new List<long>();
        for (var t = 0; t < Teams; t++)
        {
            var team = await Seed.TeamAsync(session, program.Id, $"Team {t}");
            ids.Add(team.Id);
            await session.Teams.SetScheduleAsync(
                new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = Seed.Now }, Ct);
            for (var m = 0; m < MembersPerTeam; m++)
            {
                var person = await Seed.PersonAsync(session, $"t{t}m{m}", workspaceId: "playground");
                await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, Ct);
            }
        }

        await session.CommitAsync(Ct);
        return ids;
    }

    private static async Task<string> DescribeAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetValue(0)?.ToString() ?? "");
        }

        return $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}: " + string.Join(", ", rows);
    }

    private static async Task<long> CountAsync(string connectionString, string sql) => (await RowsAsync(connectionString, sql))[0][0];

    private static async Task<List<long[]>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<long[]>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }
}

/// <summary>
/// Weeks compressed into <see cref="Period"/> of real time: week k of every team opens at <see cref="Start"/> + k × period
/// (+ 100 ms for odd team ids, so fires interleave and each instant has two teams, opened together by the instant's one
/// job: <see cref="SlotRunner"/>), reminds 0.4 s and closes 0.8 s later; after
/// <see cref="Weeks"/> weeks nothing is due until the year 2100.
/// </summary>
internal sealed class CompressedCalendar(TimeSpan period, int weeks) : ICheckInCalendar
{
    private static readonly DateOnly FirstWeek = new(2026, 1, 5);

    public DateTimeOffset Start { get; set; } = DateTimeOffset.MaxValue.AddYears(-1);
    public TimeSpan Period { get; } = period;

    public static DateOnly WeekOf(int k) => FirstWeek.AddDays(7 * k);

    public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after)
    {
        for (var k = 0; k < weeks; k++)
        {
            if (Slot(schedule, k).OpensAt > after)
            {
                return Slot(schedule, k);
            }
        }

        var never = new DateTimeOffset(2100, 1, 4, 0, 0, 0, TimeSpan.Zero);
        return new CheckInSlot(WeekOf(weeks + 1000), never, never, never);
    }

    public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at)
    {
        for (var k = weeks - 1; k >= 0; k--)
        {
            if (Slot(schedule, k).OpensAt <= at)
            {
                return Slot(schedule, k);
            }
        }

        return Slot(schedule, -1);
    }

    public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => throw new NotSupportedException("no digest slots in this test");

    private CheckInSlot Slot(CheckInSchedule schedule, int k)
    {
        var opens = Start + (Period * k) + TimeSpan.FromMilliseconds(100 * (schedule.TeamId % 2));
        return new CheckInSlot(WeekOf(k), opens, opens.AddMilliseconds(400), opens.AddMilliseconds(800));
    }
}

/// <summary>Counts the digest hand-offs per week.</summary>
internal sealed class CountingDigestPublisher : IDigestPublisher
{
    public HashSet<DateOnly> WeeksPublished { get; } = [];

    public Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        lock (WeeksPublished)
        {
            WeeksPublished.Add(weekOf);
        }

        return Task.CompletedTask;
    }
}
