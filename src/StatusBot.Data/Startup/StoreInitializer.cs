using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Data.Dialects;
using StatusBot.Data.Migrations;

namespace StatusBot.Data.Startup;

/// <summary>
/// Migrates the store at start without blocking the host: <c>/healthz</c> answers at once, <c>/readyz</c>
/// says why the store is not ready, and an unreachable database is retried with backoff instead of
/// crashing the process (which would only crash-loop under a supervisor).
/// </summary>
public sealed class StoreInitializer(
    SqlDialect dialect,
    Migrator migrator,
    StoreReadiness readiness,
    TimeProvider time,
    ILogger<StoreInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await migrator.MigrateAsync(stoppingToken);
                logger.LogInformation("Store ready: {Store}, {Applied} migration(s) applied", dialect.Describe(), applied);
                readiness.MarkReady();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                var problem = dialect.ExplainFailure(exception);
                readiness.MarkFailing(problem);
                logger.LogError("Store not ready: {Problem}. Retrying in {Delay:0}s", problem, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
