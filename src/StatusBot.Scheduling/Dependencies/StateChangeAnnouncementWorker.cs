using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Dependencies;
using StatusBot.Data.Startup;

namespace StatusBot.Scheduling.Dependencies;

/// <summary>
/// Queues the notices of the dependency state changes answers recorded (<see cref="EvaluateDependencies.AnnouncePendingAsync(CancellationToken)"/>)
/// every <see cref="Interval"/>, in every host once the store is ready (<see cref="BackgroundStart"/>): an answer stores its changes in its own
/// transaction and is acknowledged without reading the whole program's graph; the notices follow within a pass. A
/// burst of answers is announced in one pass per interval (one program-wide read each), not one per answer. Several
/// instances share the work (the pending rows are claimed with skip-locked on PostgreSQL; the dedup keys make a second
/// copy impossible anyway).
/// </summary>
public sealed class StateChangeAnnouncementWorker(
    EvaluateDependencies evaluator,
    BackgroundStart start,
    TimeProvider time,
    ILogger<StateChangeAnnouncementWorker> logger) : BackgroundService
{
    /// <summary>Between passes: notices leave within about this after the answer, and a burst shares one pass.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await start.WhenOpenAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await AnnounceAsync(stoppingToken) < EvaluateDependencies.MaxAnnouncedPerPass)
                {
                    await Task.Delay(Interval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is pending stays stored and the next pass (here or in another instance) announces it.
        }
    }

    private async Task<int> AnnounceAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await evaluator.AnnouncePendingAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The store went away for a moment: nothing was marked, the next pass announces it.
            logger.LogError(exception, "Announcing dependency state changes failed; retrying");
            return 0;
        }
    }
}
