using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Inbound;
using StatusBot.Core.Storage;
using StatusBot.Data.Startup;

namespace StatusBot.Scheduling.Inbound;

/// <summary>
/// Performs stored inbound work after the acknowledgement (see <c>Core/Inbound/README.md</c>). At shutdown it stops
/// leasing, lets runs in progress finish for up to <c>Inbound:ShutdownGrace</c>, then hands back what is left; stopping
/// is not a failure. Poison rows are logged as errors. Done rows are pruned after <c>Inbound:KeepDone</c>.
/// </summary>
public sealed class InboundWorker : BackgroundService
{
    private static readonly TimeSpan s_pruneEvery = TimeSpan.FromHours(1);

    private readonly InboundWorkDrainer _drainer;
    private readonly InboundWorkSignal _signal;
    private readonly BackgroundStart _start;
    private readonly IStatusBotStore _store;
    private readonly InboundWorkSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundWorker> _logger;
    private readonly CancellationTokenSource _abort = new();
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public InboundWorker(
        InboundWorkDrainer drainer,
        InboundWorkSignal signal,
        BackgroundStart start,
        IStatusBotStore store,
        IOptions<InboundWorkSettings> settings,
        TimeProvider time,
        ILogger<InboundWorker> logger)
    {
        _drainer = drainer;
        _signal = signal;
        _start = start;
        _store = store;
        _settings = settings.Value;
        _time = time;
        _logger = logger;
        _drainer.Poisoned += (work, error) => _logger.LogError(
            "Inbound work {Id} ({Kind}) failed {Attempts} times and is kept as Failed; it will not be retried by itself: {Error}",
            work.Id, work.Kind, work.Attempts, error);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Runs in progress get the grace period; then they are cancelled and handed back.
        _abort.CancelAfter(_settings.ShutdownGrace);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _start.WhenOpenAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await DrainAsync(stoppingToken))
                {
                    await PruneAsync(stoppingToken);
                    await _signal.WaitAsync(_settings.IdleDelay, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: not a failure.
        }
    }

    private async Task<bool> DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await _drainer.DrainOnceAsync(stoppingToken, _abort.Token);
            if (report.Released > 0)
            {
                _logger.LogInformation("Inbound: handed back {Count} unfinished item(s) at shutdown; another worker runs them", report.Released);
            }

            return report.Claimed > 0;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The store went away for a moment; leases expire and the rows are picked up again.
            _logger.LogError(exception, "Inbound work drain failed; retrying");
            await Task.Delay(_settings.IdleDelay, _time, stoppingToken);
            return false;
        }
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + s_pruneEvery;
        try
        {
            await using var session = await _store.BeginAsync(stoppingToken);
            var removed = await session.InboundWork.PruneDoneAsync(now - _settings.KeepDone, stoppingToken);
            await session.CommitAsync(stoppingToken);
            _logger.LogDebug("Pruned {Count} done inbound work rows", removed);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Could not prune done inbound work; the next hour tries again");
        }
    }
}
