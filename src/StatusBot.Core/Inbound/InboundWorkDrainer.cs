using StatusBot.Core.Storage;

namespace StatusBot.Core.Inbound;

/// <summary>
/// Performs stored inbound work after the acknowledgement: leases due rows in a short transaction, runs each through
/// the handler of its kind with no transaction open, then marks it done and queues its messages in one transaction.
/// A failing run is retried with capped, jittered exponential backoff; after <see cref="InboundWorkSettings.MaxAttempts"/>
/// runs the row is kept as Failed (poison) and reported, never dropped. See README.md beside this file.
/// </summary>
public sealed class InboundWorkDrainer
{
    private readonly IStatusBotStore _store;
    private readonly IReadOnlyList<IInboundWorkHandler> _handlers;
    private readonly InboundWorkSettings _settings;
    private readonly TimeProvider _time;
    private readonly Random _random;

    public InboundWorkDrainer(IStatusBotStore store, IEnumerable<IInboundWorkHandler> handlers, InboundWorkSettings settings, TimeProvider time, Random random)
    {
        _store = store;
        _handlers = handlers.ToList();
        _settings = settings;
        _time = time;
        _random = random;
    }

    /// <summary>Raised for each row given up as poison (the worker logs it as an error).</summary>
    public event Action<InboundWork, string>? Poisoned;

    /// <summary>
    /// Leases one batch and runs it, the rows in parallel. <paramref name="stopping"/> stops the run of the batch's
    /// remaining rows (they are handed back unrun); <paramref name="abort"/> cancels runs in progress (end of the
    /// shutdown grace): those rows are handed back too, and run again by the next worker.
    /// </summary>
    public async Task<InboundDrainReport> DrainOnceAsync(CancellationToken stopping, CancellationToken abort)
    {
        if (stopping.IsCancellationRequested)
        {
            return new InboundDrainReport();
        }

        IReadOnlyList<InboundWork> batch;
        await using (var session = await _store.BeginAsync(abort))
        {
            batch = await session.InboundWork.ClaimDueAsync(_settings.WorkerId, _time.GetUtcNow(), _settings.Lease, _settings.BatchSize, abort);
            await session.CommitAsync(abort);
        }

        var report = new InboundDrainReport { Claimed = batch.Count };
        var outcomes = await Task.WhenAll(batch.Select(work => RunOneAsync(work, stopping, abort)));
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case Outcome.Done: report.Done++; break;
                case Outcome.Retried: report.Retried++; break;
                case Outcome.Failed: report.Failed++; break;
                default: report.Released++; break;
            }
        }

        return report;
    }

    /// <summary>Exponential backoff from <see cref="InboundWorkSettings.BaseRetryDelay"/>, capped, with "equal jitter".</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(_settings.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), _settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (ceiling / 2 * _random.NextDouble()));
    }

    private async Task<Outcome> RunOneAsync(InboundWork work, CancellationToken stopping, CancellationToken abort)
    {
        if (stopping.IsCancellationRequested)
        {
            await RecordAsync(s => s.InboundWork.ReleaseAsync(work.Id, _settings.WorkerId, CancellationToken.None));
            return Outcome.Released;
        }

        var handler = _handlers.FirstOrDefault(h => h.Handles(work.Kind));
        if (handler is null)
        {
            // An instance without that adapter (a rolling deploy, Slack switched off): another instance may have it.
            return await RetryOrFailAsync(work, $"no handler for '{work.Kind}' on this instance");
        }

        InboundWorkResult result;
        try
        {
            result = await handler.RunAsync(work, abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The grace period ran out mid-run: hand it back; the next worker runs it again from the start.
            await RecordAsync(s => s.InboundWork.ReleaseAsync(work.Id, _settings.WorkerId, CancellationToken.None));
            return Outcome.Released;
        }
        catch (Exception exception)
        {
            return await RetryOrFailAsync(work, $"{exception.GetType().Name}: {exception.Message}");
        }

        var done = false;
        await RecordAsync(async session =>
        {
            // Marked first: a worker that lost its lease must not queue the messages (the new holder will).
            done = await session.InboundWork.MarkDoneAsync(work.Id, _settings.WorkerId, _time.GetUtcNow(), CancellationToken.None);
            if (done)
            {
                foreach (var message in result.Messages)
                {
                    await session.Outbox.EnqueueAsync(message, CancellationToken.None);
                }
            }

            return done;
        });
        return Outcome.Done;
    }

    private async Task<Outcome> RetryOrFailAsync(InboundWork work, string error)
    {
        // Attempts counted at the claim, so work.Attempts includes this run.
        if (work.Attempts >= _settings.MaxAttempts)
        {
            await RecordAsync(s => s.InboundWork.MarkFailedAsync(work.Id, _settings.WorkerId, error, CancellationToken.None));
            Poisoned?.Invoke(work, error);
            return Outcome.Failed;
        }

        await RecordAsync(s => s.InboundWork.RescheduleAsync(work.Id, _settings.WorkerId, _time.GetUtcNow() + Backoff(work.Attempts), error, CancellationToken.None));
        return Outcome.Retried;
    }

    private Task RecordAsync(Func<IStoreSession, Task<bool>> work) => OutcomeRecorder.RecordAsync(_store, work);

    private enum Outcome
    {
        Done,
        Retried,
        Failed,
        Released,
    }
}

/// <summary>How inbound work is performed. Bound from <c>Inbound</c> configuration in the host.</summary>
public sealed class InboundWorkSettings
{
    /// <summary>Names this worker's leases; unique per process.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Rows one worker leases and runs in parallel.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>After this, a row leased by a dead worker is run again. Longer than one run (a few platform calls).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed runs before a row is kept as poison (Failed) and reported.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest pause before looking again when nothing was due (a request on this instance wakes the worker at once).</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At shutdown, runs in progress get this long to finish; what is left is handed back and run by the next worker.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Done rows (and so their dedup keys) are kept this long; longer than any platform retries a request.</summary>
    public TimeSpan KeepDone { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>What one drain pass did.</summary>
public sealed record InboundDrainReport
{
    public int Claimed { get; init; }
    public int Done { get; set; }
    public int Retried { get; set; }
    public int Failed { get; set; }
    public int Released { get; set; }
}
