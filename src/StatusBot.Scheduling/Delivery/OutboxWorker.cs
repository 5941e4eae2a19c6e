using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Delivery;
using StatusBot.Data.Startup;

namespace StatusBot.Scheduling.Delivery;

/// <summary>
/// Drains the outbox in the background once the store is ready (on the embedded store after the scheduler's first sync:
/// <see cref="BackgroundStart"/>), in <c>Outbox:Lanes</c> independent loops (each like an instance of its own); see
/// <c>Core/Delivery/README.md</c>. At shutdown each lane's send in progress finishes (at most
/// <c>Outbox:SendTimeout</c>), the rest of its batch is put back unsent and its workspaces are handed to the other
/// instances; stopping is not a failure.
/// </summary>
public sealed class OutboxWorker(
    OutboxLanes lanes,
    StoreReadiness store,
    BackgroundStart start,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await start.WhenOpenAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        await Task.WhenAll(lanes.Drainers.Select(drainer => Task.Run(() => RunLaneAsync(drainer, stoppingToken), CancellationToken.None)));
    }

    private async Task RunLaneAsync(OutboxDrainer drainer, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await DrainAsync(drainer, stoppingToken))
                {
                    // Outbox:IdleDelay, or less when rows are committed meanwhile (by this instance or, on PostgreSQL, another).
                    await drainer.IdleAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: not a failure.
        }

        await HandOverAsync(drainer);
    }

    /// <summary>One pass; true when more may be due right away.</summary>
    private async Task<bool> DrainAsync(OutboxDrainer drainer, CancellationToken stoppingToken)
    {
        try
        {
            var report = await drainer.DrainOnceAsync(stoppingToken);
            foreach (var failure in report.TransientFailures)
            {
                // The platform may have accepted a send that timed out: the retry can then be a second copy (see Core/Delivery/README.md).
                logger.LogWarning(
                    "Outbox: message {RowId} to {Destination} failed on attempt {Attempt} ({Reason}); due again at {DueAgain:O}",
                    failure.RowId, failure.Destination, failure.Attempt, failure.Reason, failure.DueAgain);
            }

            if (report.Failed > 0)
            {
                logger.LogWarning("Outbox: {Failed} message(s) failed for good; the TPMs were told", report.Failed);
            }

            return !report.Idle;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The store went away for a moment; the leases expire and the rows are picked up again.
            logger.LogError(exception, "Outbox drain failed; retrying");
            return false;
        }
    }

    private async Task HandOverAsync(OutboxDrainer drainer)
    {
        if (!store.IsReady)
        {
            return;
        }

        try
        {
            await drainer.ReleaseSendLeasesAsync();
        }
        catch (Exception exception)
        {
            // The leases expire by themselves after Outbox:Lease; only the hand-over is slower.
            logger.LogWarning(exception, "Outbox: could not hand the send leases over at shutdown");
        }
    }
}
