using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using StatusBot.Core.Health;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.Dependencies;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Starts the Quartz scheduler once the store is migrated, then syncs every trigger from the bot's tables and puts
/// the daily slip scan's trigger in place (both again at every reconciliation).
/// Until then (or while the scheduler's database cannot be reached) <c>/readyz</c> says why.
/// </summary>
public sealed class SchedulerHost(
    ISchedulerFactory factory,
    QuartzCheckInScheduler sync,
    DailySlipScanSchedule slipScan,
    StoreReadiness store,
    SchedulerReadiness readiness,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SchedulerHost> logger) : BackgroundService
{
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.WhenReadyAsync(stoppingToken);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _scheduler = await factory.GetScheduler(stoppingToken);
                await _scheduler.Start(stoppingToken);
                await sync.SyncAllAsync(stoppingToken);
                await slipScan.EnsureAsync(stoppingToken);
                readiness.MarkReady();
                logger.LogInformation("Scheduler {Instance} started and synced", await _scheduler.GetSchedulerInstanceId(stoppingToken));
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.MarkFailing($"scheduler cannot start: {exception.Message}");
                logger.LogError(exception, "Scheduler not started; retrying in {Delay:0}s", delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.ReconcileInterval, time, stoppingToken);
            try
            {
                await sync.SyncAllAsync(stoppingToken);
                await slipScan.EnsureAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Trigger reconciliation failed; trying again in {Interval}", options.Value.ReconcileInterval);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is not null && await _scheduler.GetStatus(cancellationToken) is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown))
        {
            await _scheduler.Shutdown(true, cancellationToken);
        }
    }
}

/// <summary>The scheduler's part of <c>/readyz</c>.</summary>
public sealed class SchedulerReadiness : IReadinessCheck
{
    public string Name => "scheduler";

    public string? Problem { get; private set; } = "scheduler not started yet";

    internal void MarkReady() => Problem = null;

    internal void MarkFailing(string problem) => Problem = problem;
}
