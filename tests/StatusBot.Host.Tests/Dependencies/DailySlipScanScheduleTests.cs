using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Dependencies;

namespace StatusBot.Host.Tests.Dependencies;

/// <summary>
/// The daily slip scan has one trigger in the persistent job store, at <c>Scheduling:DailySlipScanUtc</c>, put there
/// at start and left alone by later starts unless the time changed. The clock is fake and later than the real one,
/// so nothing fires while the test looks.
/// </summary>
public sealed class DailySlipScanScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_slip_scan_trigger_exists_after_start_and_fires_next_at_the_configured_UTC_time()
    {
        var file = CheckInHost.NewDatabaseFile();
        await using var app = await StartAsync(file, new FakeTimeProvider(Monday), "--Scheduling:DailySlipScanUtc", "06:30");
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);

        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(DailySlipScanJob.Key, Ct));

        Assert.Equal(new DateTimeOffset(2027, 3, 2, 6, 30, 0, TimeSpan.Zero), trigger.NextFireTimeUtc);
        Assert.Equal(DailySlipScanSchedule.CronOf(new TimeOnly(6, 30)), Assert.IsAssignableFrom<ICronTrigger>(trigger).CronExpressionString);
        Assert.True((await scheduler.GetJobDetail(DailySlipScanJob.Key, Ct))!.Durable);
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task A_restart_keeps_the_stored_trigger_and_a_new_time_re_plans_it()
    {
        var file = CheckInHost.NewDatabaseFile();
        await using (var first = await StartAsync(file, new FakeTimeProvider(Monday), "--Scheduling:DailySlipScanUtc", "06:30"))
        {
            await first.StopAsync(Ct);
        }

        DateTimeOffset keptStart;
        await using (var same = await StartAsync(file, new FakeTimeProvider(Monday.AddHours(3)), "--Scheduling:DailySlipScanUtc", "06:30"))
        {
            var scheduler = await same.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
            var kept = Assert.Single(await scheduler.GetTriggersOfJob(DailySlipScanJob.Key, Ct));

            // Not replaced: it still starts when the first instance planned it, so a pending misfire would still fire.
            keptStart = kept.StartTimeUtc;
            Assert.Equal(Monday, keptStart);
            Assert.Equal(new DateTimeOffset(2027, 3, 2, 6, 30, 0, TimeSpan.Zero), kept.NextFireTimeUtc);
            await same.StopAsync(Ct);
        }

        await using var moved = await StartAsync(file, new FakeTimeProvider(Monday.AddHours(13)));
        var movedScheduler = await moved.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var replanned = Assert.Single(await movedScheduler.GetTriggersOfJob(DailySlipScanJob.Key, Ct));
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 5, 0, 0, TimeSpan.Zero), replanned.NextFireTimeUtc); // the default, 05:00
        await moved.StopAsync(Ct);
    }

    private static async Task<WebApplication> StartAsync(string databaseFile, FakeTimeProvider time, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider", "Sqlite",
            "--ConnectionStrings:StatusBot", $"Data Source={databaseFile}",
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
