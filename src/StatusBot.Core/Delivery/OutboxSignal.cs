using System.Threading.Channels;

namespace StatusBot.Core.Delivery;

/// <summary>
/// Wakes this instance's outbox lanes as soon as rows are committed to the outbox, instead of at their next look
/// (<see cref="OutboxDrainerSettings.IdleDelay"/>): a reply, a notice or a slot's prompts go out at once. The store
/// raises it after a commit that queued rows (<see cref="RowsQueued"/>); on PostgreSQL a relay tells the other
/// instances, whose lanes may hold the workspaces concerned, and raises <see cref="RowsQueuedElsewhere"/> for theirs.
/// Rows queued to go later (a slot opened ahead of its time, <c>Scheduling:OpenAhead</c>) wake the lanes again when
/// they come due. A wake is a hint: lanes still look every <see cref="OutboxDrainerSettings.IdleDelay"/> when rows were
/// added, so a lost wake (the relay reconnecting) delays a message by at most that, as before.
/// </summary>
public sealed class OutboxSignal(TimeProvider time)
{
    /// <summary>The most times to come due that an instance keeps (and tells the others in one notification); later ones are found by the polls.</summary>
    public const int MaxDueLater = 16;

    private TaskCompletionSource _next = NewWake();

    // What the relay has to tell the other instances: one pending flag, so a burst of commits is one notification, and
    // the times to come due queued since the last one.
    private readonly Channel<bool> _queuedHere = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SortedSet<DateTimeOffset> _toTell = [];

    // The times rows queued for later come due, each a wake; the timer is set for the first.
    private readonly SortedSet<DateTimeOffset> _dueLater = [];
    private readonly Lock _lock = new();
    private ITimer? _timer;

    /// <summary>
    /// Completes at the next wake. A lane takes it before it looks for work and waits on it afterwards, so rows committed
    /// while it was looking wake it too.
    /// </summary>
    public Task NextWake => Volatile.Read(ref _next).Task;

    /// <summary>
    /// This instance committed rows to the outbox, due at <paramref name="dueAt"/> (the distinct times; none: due now):
    /// wakes its lanes now and when later ones come due, and the other instances' through the relay.
    /// </summary>
    public void RowsQueued(IReadOnlyCollection<DateTimeOffset>? dueAt = null)
    {
        Wake();
        var later = WakeLater(dueAt);
        if (later.Count > 0)
        {
            lock (_lock)
            {
                _toTell.UnionWith(later);
                Trim(_toTell);
            }
        }

        _queuedHere.Writer.TryWrite(true);
    }

    /// <summary>Another instance committed rows to the outbox (the relay heard it), some due at <paramref name="dueAt"/>: wakes this instance's lanes only.</summary>
    public void RowsQueuedElsewhere(IReadOnlyCollection<DateTimeOffset>? dueAt = null)
    {
        Wake();
        WakeLater(dueAt);
    }

    /// <summary>
    /// Waits until this instance has queued rows the other instances were not told of yet (the relay's loop); returns the
    /// times to come due among them.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> WaitForRowsQueuedHereAsync(CancellationToken cancellationToken)
    {
        await _queuedHere.Reader.ReadAsync(cancellationToken);
        lock (_lock)
        {
            var dueLater = _toTell.ToList();
            _toTell.Clear();
            return dueLater;
        }
    }

    /// <summary>Plans a wake at each of <paramref name="dueAt"/> still to come; returns those.</summary>
    private List<DateTimeOffset> WakeLater(IReadOnlyCollection<DateTimeOffset>? dueAt)
    {
        var now = time.GetUtcNow();
        var later = dueAt?.Where(at => at > now).ToList() ?? [];
        if (later.Count == 0)
        {
            return later;
        }

        lock (_lock)
        {
            var first = _dueLater.Count > 0 ? _dueLater.Min : DateTimeOffset.MaxValue;
            _dueLater.UnionWith(later);
            Trim(_dueLater);
            if (_dueLater.Min < first)
            {
                ArmLocked(now);
            }
        }

        return later;
    }

    /// <summary>The timer's tick: wakes the lanes for every time that has come, and sets the timer for the next.</summary>
    private void OnDue()
    {
        var now = time.GetUtcNow();
        bool due;
        lock (_lock)
        {
            // A timer may fire a little before the clock reaches its time: then it is set again for the rest.
            due = _dueLater.RemoveWhere(at => at <= now) > 0;
            ArmLocked(now);
        }

        if (due)
        {
            Wake();
        }
    }

    private void ArmLocked(DateTimeOffset now)
    {
        if (_dueLater.Count == 0)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = _dueLater.Min - now;
        wait = wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1);
        if (_timer is null)
        {
            _timer = time.CreateTimer(_ => OnDue(), null, wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    // Bounded: the latest times beyond the first MaxDueLater are dropped, and the lanes' polls find their rows.
    private static void Trim(SortedSet<DateTimeOffset> times)
    {
        while (times.Count > MaxDueLater)
        {
            times.Remove(times.Max);
        }
    }

    private void Wake() => Interlocked.Exchange(ref _next, NewWake()).TrySetResult();

    // Continuations run on the pool, not inside the committing caller.
    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
