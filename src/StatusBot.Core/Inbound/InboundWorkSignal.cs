using System.Threading.Channels;

namespace StatusBot.Core.Inbound;

/// <summary>
/// Wakes this instance's inbound worker as soon as an adapter has stored work, so a reply (or a modal whose Slack
/// <c>trigger_id</c> expires 3 seconds after the click) does not wait for the worker's next look.
/// </summary>
public sealed class InboundWorkSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Nudge() => _wake.Writer.TryWrite(true);

    /// <summary>Waits for a nudge or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _wake.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: look anyway.
        }
    }
}

/// <summary>Stores inbound work in its own transaction and wakes the worker; what adapters call before they acknowledge.</summary>
public sealed class InboundWorkInbox(Storage.IStatusBotStore store, InboundWorkSignal signal, TimeProvider time)
{
    /// <summary>Commits the work; returns its id, or null when a row with the same dedup key was stored before (a platform retry).</summary>
    public async Task<long?> StoreAsync(string kind, string workspaceId, string payload, string? dedupKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long? id;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            id = await session.InboundWork.AddAsync(
                new InboundWork { Kind = kind, WorkspaceId = workspaceId, Payload = payload, DedupKey = dedupKey, CreatedAt = now, NextAttemptAt = now },
                cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        if (id is not null)
        {
            signal.Nudge();
        }

        return id;
    }
}
