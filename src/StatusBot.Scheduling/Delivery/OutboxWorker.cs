using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.Data.Startup;

namespace StatusBot.Scheduling.Delivery;

/// <summary>Drains the outbox in the background once the store is ready; see <c>Core/Delivery/README.md</c>.</summary>
public sealed class OutboxWorker(
    OutboxDrainer drainer,
    StoreReadiness store,
    IOptions<OutboxDrainerSettings> settings,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.WhenReadyAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await drainer.DrainOnceAsync(stoppingToken);
                if (report.Failed > 0)
                {
                    logger.LogWarning("Outbox: {Failed} message(s) failed for good; the TPMs were told", report.Failed);
                }

                if (report.Claimed > 0)
                {
                    continue; // more may be due right away
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The store went away for a moment; the leases expire and the rows are picked up again.
                logger.LogError(exception, "Outbox drain failed; retrying");
            }

            await Task.Delay(settings.Value.IdleDelay, time, stoppingToken);
        }
    }
}
