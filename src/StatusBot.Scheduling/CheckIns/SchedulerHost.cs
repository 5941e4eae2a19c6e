using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Health;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.Dependencies;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Once the store is migrated (which, on PostgreSQL, also created Hangfire's schema): starts this instance's Hangfire
/// server on PostgreSQL (on the embedded store the first job created starts it, see <see cref="SchedulerServer"/>), then
/// syncs every job from the bot's tables and puts the daily slip scan in place (both again at every reconciliation).
/// Until then (or while the scheduler's database cannot be reached) <c>/readyz</c> says why.
/// </summary>
/// <param name="startServer">True on PostgreSQL: jobs of other instances are in the shared storage from the start.</param>
public sealed class SchedulerHost(
    SchedulerServer server,
    bool startServer,
    ILoggerFactory loggers,
    HangfireCheckInScheduler sync,
    DailySlipScanSchedule slipScan,
    StoreReadiness store,
    SchedulerReadiness readiness,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SchedulerHost> logger) : BackgroundService
{
    private IDisposable? _logs;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.WhenReadyAsync(stoppingToken);
        _logs = HangfireLogBridge.Attach(loggers);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (startServer)
                {
                    server.EnsureStarted();
                }

                await sync.SyncAllAsync(starting: true, stoppingToken);
                slipScan.Ensure();
                readiness.MarkReady();
                readiness.FirstAttemptOver();
                logger.LogInformation("Scheduler synced; its server {State}", server.IsStarted ? "runs" : "starts with the first job");
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.MarkFailing($"scheduler cannot start: {exception.Message}");
                readiness.FirstAttemptOver();
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
                await sync.SyncAllAsync(starting: false, stoppingToken);
                slipScan.Ensure();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Job reconciliation failed; trying again in {Interval}", options.Value.ReconcileInterval);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        slipScan.Stop();
        await server.StopAsync(cancellationToken);
        Interlocked.Exchange(ref _logs, null)?.Dispose();
    }

    /// <summary>A host disposed without being stopped (tests do) must not leave its server running on a disposed storage.</summary>
    public override void Dispose()
    {
        server.Dispose();
        Interlocked.Exchange(ref _logs, null)?.Dispose();
        base.Dispose();
    }
}

/// <summary>
/// The scheduler's part of <c>/readyz</c>; and, on the embedded store, a start-up step: the background workers take their
/// first pass once its first sync is over (see <see cref="BackgroundStart"/>).
/// </summary>
public sealed class SchedulerReadiness : IReadinessCheck, IStartupStep
{
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "scheduler";

    public Task FirstAttempt => _firstAttempt.Task;

    public string? Problem { get; private set; } = "scheduler not started yet";

    internal void MarkReady() => Problem = null;

    internal void MarkFailing(string problem) => Problem = problem;

    internal void FirstAttemptOver() => _firstAttempt.TrySetResult();
}
