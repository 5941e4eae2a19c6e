using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Data.Slack;

namespace StatusBot.Slack.Events;

/// <summary>
/// Keeps <c>slack_events</c> small: Slack's last retry comes about five minutes after the first try, so ids older
/// than a day can never be needed for deduplication again. Runs hourly; every instance may run it (deletes are idempotent).
/// </summary>
internal sealed class SlackEventLogPruner(SlackEventLog events, TimeProvider time, ILogger<SlackEventLogPruner> logger) : BackgroundService
{
    public static readonly TimeSpan Keep = TimeSpan.FromDays(1);
    private static readonly TimeSpan s_every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var removed = await events.PruneAsync(time.GetUtcNow() - Keep, stoppingToken);
                    logger.LogDebug("Pruned {Count} old Slack event ids", removed);
                }
                catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The store may be migrating or briefly away; the next hour tries again.
                    logger.LogWarning(exception, "Could not prune old Slack event ids");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
