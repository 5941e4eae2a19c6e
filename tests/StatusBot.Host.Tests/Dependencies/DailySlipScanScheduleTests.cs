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
/// The daily slip scan is one Hangfire recurring job at <c>Scheduling:DailySlipScanUtc</c> (UTC), put in place at start
/// and left alone by later starts unless the time changed. The clock is fake and later than the real one, so nothing
/// runs while the test looks.
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

        var job = SlipScan(app);

        Assert.Equal(new DateTime(2027, 3, 2, 6, 30, 0, DateTimeKind.Utc), job.NextExecution);
        Assert.Equal(DailySlipScanSchedule.CronOf(new TimeOnly(6, 30)), job.Cron);
        Assert.Equal("30 6 * * *", job.Cron);
        Assert.Equal("UTC", job.TimeZoneId);
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
            created = SlipScan(first).CreatedAt;
            await first.StopAsync(Ct);
        }

        await using (var same = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday.AddHours(3)), "--Scheduling:DailySlipScanUtc", "06:30"))
        {
            var kept = SlipScan(same);
            Assert.Equal(new DateTime(2027, 3, 2, 6, 30, 0, DateTimeKind.Utc), kept.NextExecution);
            if (kind == StoreKind.Postgres)
            {
                // Not replaced: the stored job is the one the first instance made, so a run pending after downtime stays.
                Assert.Equal(created, kept.CreatedAt);
            }

            await same.StopAsync(Ct);
        }

        await using var moved = await StartAsync(kind, connectionString, new FakeTimeProvider(Monday.AddHours(13)));
        var replanned = SlipScan(moved);
        Assert.Equal(new DateTime(2027, 3, 2, 5, 0, 0, DateTimeKind.Utc), replanned.NextExecution); // the default, 05:00
        await moved.StopAsync(Ct);
    }

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
