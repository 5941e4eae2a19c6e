namespace StatusBot.Core.Delivery;

/// <summary>The outbox table. Enqueue inside the session that makes the change, so both commit or neither does.</summary>
public interface IOutboxRepository
{
    /// <summary>Adds the message unless one with the same <see cref="OutboxMessage.DedupKey"/> exists; true if added.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Adds every message whose <see cref="OutboxMessage.DedupKey"/> is new, in a few multi-row statements (a round's
    /// thousands of prompts are not one round trip each); returns how many were added.
    /// </summary>
    Task<int> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueManyAsync(IReadOnlyList{OutboxMessage}, CancellationToken)"/> with each message's body already in
    /// its stored form (<see cref="Messages.MessageJson"/>), for callers that serialize a shared body once and personalise it.
    /// </summary>
    Task<int> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, IReadOnlyList<string> serialized, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each of <paramref name="bodies"/> once (a key stored already keeps its body) and adds every message as a row
    /// that names its body and keeps only its own text; reading the row back (claiming it to send, listing it) gives the
    /// whole message. The messages are new ones (a fresh cycle's prompts), written in bulk without a per-row duplicate
    /// check: a <see cref="PersonalMessage.DedupKey"/> taken already fails the call (<see cref="Storage.DuplicateEntityException"/>)
    /// and the unit of work is to roll back. Returns how many messages were added.
    /// </summary>
    Task<int> EnqueueSharedAsync(IReadOnlyList<SharedBody> bodies, IReadOnlyList<PersonalMessage> messages, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken);
    Task<OutboxMessage?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>
    /// Delivered messages of one workspace after <paramref name="afterId"/>, oldest first: direct messages to
    /// <paramref name="personIdentity"/> and every channel post. The playground reads its conversations this way.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListDeliveredAsync(string workspaceId, string personIdentity, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> due pending rows to <paramref name="workerId"/> until <paramref name="now"/> + <paramref name="lease"/>.
    /// Other workers skip leased rows, and rows of a workspace whose send lease another worker holds; a lease that expires
    /// (the worker died) makes the row due again. A claim is not an attempt. Commit right after: no lock may be held while
    /// the message is sent.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(string workerId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Workspaces with due, unleased rows that no other live worker sends for, up to <paramref name="max"/>: the ones this
    /// worker already holds first (it must keep them moving: nobody else may send for them), then the oldest due, then at random,
    /// so workers starting together mostly pick different workspaces.
    /// </summary>
    Task<IReadOnlyList<ClaimableWorkspace>> ListClaimableWorkspacesAsync(string workerId, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The highest row id so far (0 when empty): one index read, so a worker can tell cheaply that rows were added.</summary>
    Task<long> LatestIdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the send lease of each workspace (as <see cref="HoldSendLeaseAsync"/> does for one) in one statement;
    /// returns the workspaces this worker holds now. Another live holder keeps its own.
    /// </summary>
    Task<IReadOnlySet<string>> HoldSendLeasesAsync(IReadOnlyList<string> workspaceIds, string workerId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="perWorkspace"/> due rows of each claim's workspace (in due order within a workspace) to
    /// that claim's worker, as <see cref="ClaimDueAsync"/> does. Each worker holds its workspaces' send leases. Commit right after.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueOfWorkspacesAsync(
        IReadOnlyList<WorkspaceClaim> claims, DateTimeOffset now, TimeSpan lease, int perWorkspace, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the row's lease to <paramref name="until"/> right before it is sent; false when this worker no longer holds it
    /// (its lease expired and another worker took it, or it is no longer pending): then it must not be sent.
    /// </summary>
    Task<bool> RenewLeaseAsync(long id, string workerId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records the delivery (whoever holds the lease: the message did go out) and counts the attempt; false if it was no longer pending.</summary>
    Task<bool> MarkDeliveredAsync(long id, DateTimeOffset deliveredAt, string? platformMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="MarkDeliveredAsync"/> (at <paramref name="now"/>) for each record's row and <see cref="RenewLeaseAsync"/> (to
    /// <paramref name="nextUntil"/>) for each record's next row, in one statement where the dialect allows (PostgreSQL), so
    /// many workspaces' records cost one round trip. Each update is atomic by itself; returns the next rows still held by
    /// their record's worker.
    /// </summary>
    Task<IReadOnlySet<long>> MarkDeliveredManyAsync(
        IReadOnlyList<DeliveryRecord> records, DateTimeOffset now, DateTimeOffset nextUntil, CancellationToken cancellationToken);

    /// <summary>After a failed send: counts the attempt, releases the lease and makes the row due again at <paramref name="nextAttemptAt"/>, keeping the reason.</summary>
    Task<bool> RescheduleAsync(long id, string workerId, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a row back unsent (rate limited, shutting down, its workspace sent by another worker): releases the lease, due
    /// again at <paramref name="nextAttemptAt"/>; no attempt is counted.
    /// </summary>
    Task<bool> PutBackAsync(long id, string workerId, DateTimeOffset nextAttemptAt, string? reason, CancellationToken cancellationToken);

    /// <summary>Gives up on the row after a send: counts the attempt, state Failed with the reason; it is never retried.</summary>
    Task<bool> MarkFailedAsync(long id, string workerId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the workspace's send lease until <paramref name="until"/>: true when this worker holds it (it was free,
    /// expired, or already this worker's), false when another live worker sends for that workspace.
    /// </summary>
    Task<bool> HoldSendLeaseAsync(string workspaceId, string workerId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Hands over every send lease this worker holds: others may take them from <paramref name="freeFrom"/>.</summary>
    Task<int> ReleaseSendLeasesAsync(string workerId, DateTimeOffset freeFrom, CancellationToken cancellationToken);

    /// <summary>How many rows are in the given state.</summary>
    Task<int> CountAsync(OutboxState state, CancellationToken cancellationToken);
}

/// <summary>A workspace with due rows that this worker may send for; <paramref name="HeldByMe"/> when it holds its send lease already.</summary>
public sealed record ClaimableWorkspace(string WorkspaceId, bool HeldByMe);
