using System.Threading.Channels;

namespace StatusBot.Core.Delivery;

/// <summary>
/// Wakes this instance's outbox lanes as soon as rows are committed to the outbox, instead of at their next look
/// (<see cref="OutboxDrainerSettings.IdleDelay"/>): a reply, a notice or a slot's prompts go out at once. The store
/// raises it after a commit that queued rows (<see cref="RowsQueued"/>); on PostgreSQL a relay tells the other
/// instances, whose lanes may hold the workspaces concerned, and raises <see cref="RowsQueuedElsewhere"/> for theirs.
/// A wake is a hint: lanes still look every <see cref="OutboxDrainerSettings.IdleDelay"/> when rows were added, so a
/// lost wake (the relay reconnecting) delays a message by at most that, as before.
/// </summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = NewWake();

    // What the relay has to tell the other instances: one pending flag, so a burst of commits is one notification.
    private readonly Channel<bool> _queuedHere = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Completes at the next wake. A lane takes it before it looks for work and waits on it afterwards, so rows committed
    /// while it was looking wake it too.
    /// </summary>
    public Task NextWake => Volatile.Read(ref _next).Task;

    /// <summary>This instance committed rows to the outbox: wakes its lanes, and the other instances' through the relay.</summary>
    public void RowsQueued()
    {
        Wake();
        _queuedHere.Writer.TryWrite(true);
    }

    /// <summary>Another instance committed rows to the outbox (the relay heard it): wakes this instance's lanes only.</summary>
    public void RowsQueuedElsewhere() => Wake();

    /// <summary>Waits until this instance has queued rows the other instances were not told of yet (the relay's loop).</summary>
    public async Task WaitForRowsQueuedHereAsync(CancellationToken cancellationToken) =>
        await _queuedHere.Reader.ReadAsync(cancellationToken);

    private void Wake() => Interlocked.Exchange(ref _next, NewWake()).TrySetResult();

    // Continuations run on the pool, not inside the committing caller.
    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
