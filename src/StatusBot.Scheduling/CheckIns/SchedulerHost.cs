using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Health;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.Dependencies;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Starts this instance's Hangfire server once the store is migrated (which, on PostgreSQL, also created Hangfire's
/// schema), then syncs every job from the bot's tables and puts the daily slip scan in place (both again
/// at every reconciliation). Until then (or while the scheduler's database cannot be reached) <c>/readyz</c> says why.
/// </summary>
public sealed class SchedulerHost(
    JobStorage storage,
    IServiceScopeFactory scopes,
    ILoggerFactory loggers,
    HangfireCheckInScheduler sync,
    DailySlipScanSchedule slipScan,
    StoreReadiness store,
    SchedulerReadiness readiness,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SchedulerHost> logger) : BackgroundService
{
    private BackgroundJobServer? _server;
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
                _server ??= StartServer();
                await sync.SyncAllAsync(starting: true, stoppingToken);
                slipScan.Ensure();
                readiness.MarkReady();
                logger.LogInformation("Scheduler started and synced ({Storage})", storage);
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
        // Stopping twice (a test stops an instance, then disposes it) must not touch the disposed server.
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            server.SendStop();
            try
            {
                await server.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The host's shutdown budget ran out with a job still running. Stopping is not a failure: the job's
                // effect is idempotent on (team, slot), and Hangfire runs it again on an instance that is up once its
                // invisibility timeout passes.
                logger.LogWarning("The scheduler stopped before its running jobs finished; they run again after Scheduling:InvisibilityTimeout");
            }

            server.Dispose();
        }

        Interlocked.Exchange(ref _logs, null)?.Dispose();
    }

    /// <summary>A host disposed without being stopped (tests do) must not leave its server running on a disposed storage.</summary>
    public override void Dispose()
    {
        Interlocked.Exchange(ref _server, null)?.Dispose();
        Interlocked.Exchange(ref _logs, null)?.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// A server of this host's own: its jobs are built from this host's container and its logs go to this host's
    /// loggers, never to Hangfire's process-wide defaults (tests run several hosts in one process).
    /// </summary>
    private BackgroundJobServer StartServer()
    {
        var value = options.Value;
        ThreadPoolFloor.Raise(value.WorkerCount);
        return new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                WorkerCount = value.WorkerCount,
                SchedulePollingInterval = value.SchedulePollingInterval,
                Activator = new AspNetCoreJobActivator(scopes),
                FilterProvider = Hangfire.Common.JobFilterProviders.Providers,
                ServerCheckInterval = TimeSpan.FromSeconds(30),
                ServerTimeout = TimeSpan.FromMinutes(1),
                // A stopping instance lets a running job finish (its effect is short); one cut off mid-run would wait out
                // the invisibility timeout before another instance ran it, which can be later than the next slot.
                StopTimeout = TimeSpan.FromSeconds(15),
                ShutdownTimeout = TimeSpan.FromSeconds(20),
            },
            storage,
            []);
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
