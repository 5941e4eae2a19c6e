using System.Globalization;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Dependencies;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Dependencies;

/// <summary>
/// The daily slip scan runs at <c>Scheduling:DailySlipScanUtc</c> (UTC): on PostgreSQL one Hangfire recurring job, put in
/// place at start and left alone by later starts unless the time changed; on the embedded store an in-process timer that
/// queues the same Hangfire job at the time. The clock is fake and later than the real one, so nothing runs while the
/// test looks unless the test moves the clock.
/// </summary>
public sealed class DailySlipScanScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_slip_scan_job_exists_after_start_and_runs_next_at_the_configured_UTC_time(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday), "--Scheduling:DailySlipScanUtc", "06:30");

        Assert.Equal(new DateTime(2027, 3, 2, 6, 30, 0, DateTimeKind.Utc), NextRun(app, kind));
        if (kind == StoreKind.Postgres)
        {
            var job = SlipScan(app);
            Assert.Equal(DailySlipScanSchedule.CronOf(new TimeOnly(6, 30)), job.Cron);
            Assert.Equal("30 6 * * *", job.Cron);
            Assert.Equal("UTC", job.TimeZoneId);
        }
        else
        {
            // No recurring job on the embedded store: nothing of Hangfire's cron machinery is used at start.
            using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
            Assert.Empty(connection.GetRecurringJobs());
        }

        await app.StopAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_restart_keeps_the_next_run_and_a_new_time_re_plans_it(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        DateTime? created;
        await using (var first = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday), "--Scheduling:DailySlipScanUtc", "06:30"))
        {
            created = kind == StoreKind.Postgres ? SlipScan(first).CreatedAt : null;
            await first.StopAsync(Ct);
        }

        await using (var same = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday.AddHours(3)), "--Scheduling:DailySlipScanUtc", "06:30"))
        {
            Assert.Equal(new DateTime(2027, 3, 2, 6, 30, 0, DateTimeKind.Utc), NextRun(same, kind));
            if (kind == StoreKind.Postgres)
            {
                // Not replaced: the stored job is the one the first instance made, so a run pending after downtime stays.
                Assert.Equal(created, SlipScan(same).CreatedAt);
            }

            await same.StopAsync(Ct);
        }

        await using var moved = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday.AddHours(13)));
        Assert.Equal(new DateTime(2027, 3, 2, 5, 0, 0, DateTimeKind.Utc), NextRun(moved, kind)); // the default, 05:00
        await moved.StopAsync(Ct);
    }

    [Fact]
    public async Task On_the_embedded_store_the_scan_runs_at_the_time_every_day()
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(StoreKind.Sqlite);
        await using var database = cleanup;
        var time = new FakeTimeProvider(Monday);
        await using var app = await StartAsync(StoreKind.Sqlite, connectionString, time, "--Scheduling:DailySlipScanUtc", "06:30");
        var schedule = app.Services.GetRequiredService<DailySlipScanSchedule>();

        time.Advance(TimeSpan.FromHours(18.5) - TimeSpan.FromMinutes(1)); // Tuesday 06:29: not yet
        Assert.Equal(0, ScansRun(app));

        time.Advance(TimeSpan.FromMinutes(1)); // Tuesday 06:30
        await CheckInHost.Eventually(() => Task.FromResult(ScansRun(app) == 1), TimeSpan.FromSeconds(30), "the scan ran on Tuesday", () => Task.FromResult($"{ScansRun(app)} runs"));
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 6, 30, 0, TimeSpan.Zero), schedule.NextRun);

        time.Advance(TimeSpan.FromDays(1)); // Wednesday 06:30
        await CheckInHost.Eventually(() => Task.FromResult(ScansRun(app) == 2), TimeSpan.FromSeconds(30), "the scan ran again on Wednesday", () => Task.FromResult($"{ScansRun(app)} runs"));
        Assert.Equal(new DateTimeOffset(2027, 3, 4, 6, 30, 0, TimeSpan.Zero), schedule.NextRun);
        await app.StopAsync(Ct);
    }

    [Theory]
    [InlineData("2027-03-01T12:00:00Z", "06:30", "2027-03-02T06:30:00Z")]
    [InlineData("2027-03-01T06:29:59Z", "06:30", "2027-03-01T06:30:00Z")]
    [InlineData("2027-03-01T06:30:00Z", "06:30", "2027-03-02T06:30:00Z")] // the run just made is not planned again
    [InlineData("2027-12-31T23:59:00Z", "00:00", "2028-01-01T00:00:00Z")]
    public void The_next_run_is_the_first_time_of_day_strictly_after_the_instant(string instant, string utc, string expected)
    {
        var next = DailySlipScanSchedule.NextAfter(TimeOnly.Parse(utc, CultureInfo.InvariantCulture), DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), next);
    }

    /// <summary>The slip scans Hangfire has run to success (the database has no program, so each run succeeds at once).</summary>
    private static long ScansRun(WebApplication app)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.SucceededJobs(0, 100).Count(job => job.Value.Job?.Type == typeof(DailySlipScanJob));
    }

    private static DateTime? NextRun(WebApplication app, StoreKind kind) => kind == StoreKind.Postgres
        ? SlipScan(app).NextExecution
        : app.Services.GetRequiredService<DailySlipScanSchedule>().NextRun?.UtcDateTime;

    private static RecurringJobDto SlipScan(WebApplication app)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return Assert.Single(connection.GetRecurringJobs(), job => job.Id == DailySlipScanSchedule.JobId);
    }

    private static async Task<WebApplication> StartAsync(StoreKind kind, string connectionString, FakeTimeProvider time, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider", kind == StoreKind.Postgres ? "Postgres" : "Sqlite",
            "--ConnectionStrings:StatusBot", connectionString,
            "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        var app = StatusBotApp.Build(args, builder =>
        {
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync(Ct);
        var readiness = app.Services.GetRequiredService<SchedulerReadiness>();
        await CheckInHost.Eventually(() => Task.FromResult(readiness.Problem is null), TimeSpan.FromSeconds(30), "the scheduler has started", () => Task.FromResult(readiness.Problem ?? "ready"));
        return app;
    }
}
