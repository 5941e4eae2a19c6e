using StatusBot.Core.Storage;

namespace StatusBot.Core.Delivery;

/// <summary>
/// The two statements every message of a workspace's sequence needs, written for all the workspaces a process sends for
/// at once (<see cref="RequestBatcher{TRequest, TResult}"/>): a delivery's record with the re-check of the workspace's
/// next row, and the claim of a workspace's next batch. So a process keeps one statement of each kind in flight however
/// many workspaces it sends for, instead of one per workspace: on a 2-core machine a hundred connections each writing
/// one row cost PostgreSQL about three times the CPU per row of one connection writing them ten at a time (pgbench,
/// Core/Delivery/README.md). Each sequence still waits for its own record before its next send, so a crash leaves at
/// most one unrecorded message per workspace being sent: batching adds no second copy.
/// </summary>
public sealed class OutboxBatches
{
    /// <summary>Most requests run as one statement: large enough for any burst, small enough for one round trip.</summary>
    public const int MaxBatch = 256;

    private readonly IStatusBotStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly int _batchSize;
    private readonly RequestBatcher<DeliveryRecord, bool> _records;
    private readonly RequestBatcher<WorkspaceClaim, IReadOnlyList<OutboxMessage>> _claims;

    /// <param name="lease">How long a re-checked or claimed row stays leased (<see cref="OutboxDrainerSettings.Lease"/>).</param>
    /// <param name="batchSize">Rows of one workspace a claim takes (<see cref="OutboxDrainerSettings.BatchSize"/>).</param>
    public OutboxBatches(IStatusBotStore store, TimeProvider time, TimeSpan lease, int batchSize)
    {
        _store = store;
        _time = time;
        _lease = lease;
        _batchSize = batchSize;
        _records = new(RecordAllAsync, MaxBatch);
        _claims = new(ClaimAllAsync, MaxBatch);
    }

    /// <summary>
    /// Records that row <paramref name="id"/> was delivered and, when <paramref name="nextId"/> is given, extends this
    /// worker's lease of the workspace's next row. Completes when the record is committed; true when the next row is still
    /// <paramref name="workerId"/>'s (false without one). Throws when the record could not be written after
    /// <see cref="OutcomeRecorder.Attempts"/> tries (the row stays leased and is sent again after its lease).
    /// </summary>
    public Task<bool> RecordDeliveredAsync(long id, string? platformMessageId, long? nextId, string workerId) =>
        _records.RunAsync(new DeliveryRecord(id, platformMessageId, nextId, workerId));

    /// <summary>
    /// Leases the next due rows of a workspace whose send lease <paramref name="workerId"/> holds (renewed recently: this
    /// statement does not renew it). Empty when nothing more is due.
    /// </summary>
    public Task<IReadOnlyList<OutboxMessage>> ClaimNextAsync(string workspaceId, string workerId) =>
        _claims.RunAsync(new WorkspaceClaim(workspaceId, workerId));

    private async Task<IReadOnlyList<bool>> RecordAllAsync(IReadOnlyList<DeliveryRecord> records)
    {
        IReadOnlySet<long> held = new HashSet<long>();
        await OutcomeRecorder.RecordAutoCommitAsync(_store, async session =>
        {
            var now = _time.GetUtcNow();
            held = await session.Outbox.MarkDeliveredManyAsync(records, now, now + _lease, CancellationToken.None);
            return true;
        });
        return [.. records.Select(record => record.NextId is { } next && held.Contains(next))];
    }

    private async Task<IReadOnlyList<IReadOnlyList<OutboxMessage>>> ClaimAllAsync(IReadOnlyList<WorkspaceClaim> claims)
    {
        // Each workspace's rows are leased by one statement (atomic by itself), so the claim needs no transaction around it.
        await using var session = await _store.OpenAutoCommitAsync(CancellationToken.None);
        var rows = await session.Outbox.ClaimDueOfWorkspacesAsync(claims, _time.GetUtcNow(), _lease, _batchSize, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        var byWorkspace = rows.ToLookup(row => row.WorkspaceId, StringComparer.Ordinal);
        return [.. claims.Select(claim => (IReadOnlyList<OutboxMessage>)[.. byWorkspace[claim.WorkspaceId]])];
    }
}

/// <summary>One delivery to record: the row sent, the platform's id for the message, and the workspace's next row to re-check for <see cref="WorkerId"/>.</summary>
public sealed record DeliveryRecord(long Id, string? PlatformMessageId, long? NextId, string WorkerId);

/// <summary>A workspace whose next due rows <see cref="WorkerId"/> leases (it holds the workspace's send lease).</summary>
public sealed record WorkspaceClaim(string WorkspaceId, string WorkerId);
