using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StatusBot.Slack.Background;

/// <summary>Runs queued Slack work, a few items at a time, each in its own DI scope; a failing item is logged, never fatal.</summary>
internal sealed class SlackWorkDrainer(SlackWorkQueue queue, IServiceScopeFactory scopes, ILogger<SlackWorkDrainer> logger) : BackgroundService
{
    private const int Workers = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => DrainAsync(stoppingToken)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (name, work) in queue.Reader.ReadAllAsync(stoppingToken))
            {
                // Work still queued at shutdown is dropped: it is only replies and confirmations, and the
                // services it needs are being disposed. What must not be lost was stored before the ack.
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "Slack background work {Work} failed", name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
