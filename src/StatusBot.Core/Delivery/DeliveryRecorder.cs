using StatusBot.Core.Storage;

namespace StatusBot.Core.Delivery;

/// <summary>
/// Records the deliveries of every workspace a process sends for, a batch at a time: each sequence hands in its message's
/// record (with the re-check of its workspace's next row) and waits for it, and while one batch is being written the
/// records that arrive meanwhile gather for the next. So a process keeps one record statement in flight however many
/// workspaces it sends for, instead of one per workspace: on a 2-core machine a hundred connections each writing one
/// row cost PostgreSQL three times the CPU per row of one connection writing them ten at a time (pgbench, see
/// Core/Delivery/README.md). No sequence sends its next message before its record is committed, so a crash still leaves
/// at most one unrecorded message per workspace being sent: batching adds no second copy.
/// </summary>
public sealed class DeliveryRecorder(IStatusBotStore store, TimeProvider time, TimeSpan lease)
{
    /// <summary>Most records written in one statement: large enough for any burst, small enough for one round trip.</summary>
    public const int MaxBatch = 256;

    private readonly Lock _gate = new();
    private readonly List<Waiting> _waiting = [];
    private bool _writing;

    /// <summary>
    /// Records that row <paramref name="id"/> was delivered and, when <paramref name="nextId"/> is given, extends this
    /// worker's lease of the workspace's next row. Completes when the record is committed; true when the next row is still
    /// <paramref name="workerId"/>'s (false without one). Throws when the record could not be written after
    /// <see cref="OutcomeRecorder.Attempts"/> tries (the row stays leased and is sent again after its lease).
    /// </summary>
    public Task<bool> RecordAsync(long id, string? platformMessageId, long? nextId, string workerId)
    {
        var waiting = new Waiting(new DeliveryRecord(id, platformMessageId, nextId, workerId));
        bool start;
        lock (_gate)
        {
            _waiting.Add(waiting);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            _ = Task.Run(WriteWhileWaitingAsync);
        }

        return waiting.Done.Task;
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var count = Math.Min(_waiting.Count, MaxBatch);
                batch = _waiting.GetRange(0, count);
                _waiting.RemoveRange(0, count);
            }

            try
            {
                IReadOnlySet<long> held = new HashSet<long>();
                var records = batch.ConvertAll(waiting => waiting.Record);
                await OutcomeRecorder.RecordAutoCommitAsync(store, async session =>
                {
                    var now = time.GetUtcNow();
                    held = await session.Outbox.MarkDeliveredManyAsync(records, now, now + lease, CancellationToken.None);
                    return true;
                });
                foreach (var waiting in batch)
                {
                    waiting.Done.SetResult(waiting.Record.NextId is { } next && held.Contains(next));
                }
            }
            catch (Exception exception)
            {
                foreach (var waiting in batch)
                {
                    waiting.Done.SetException(exception);
                }
            }
        }
    }

    private sealed record Waiting(DeliveryRecord Record)
    {
        // Continuations run on the pool, not inside the writer's loop: a sequence's next send must not hold up the next batch.
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>One delivery to record: the row sent, the platform's id for the message, and the workspace's next row to re-check for <see cref="WorkerId"/>.</summary>
public sealed record DeliveryRecord(long Id, string? PlatformMessageId, long? NextId, string WorkerId);
