namespace StatusBot.Core.Delivery;

/// <summary>The outbox table. Enqueue inside the session that makes the change, so both commit or neither does.</summary>
public interface IOutboxRepository
{
    /// <summary>Adds the message unless one with the same <see cref="OutboxMessage.DedupKey"/> exists; true if added.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken);
    Task<OutboxMessage?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>
    /// Delivered messages of one workspace after <paramref name="afterId"/>, oldest first: direct messages to
    /// <paramref name="personIdentity"/> and every channel post. The playground reads its conversations this way.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListDeliveredAsync(string workspaceId, string personIdentity, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> due pending rows to <paramref name="workerId"/> until <paramref name="now"/> + <paramref name="lease"/>,
    /// counting one more attempt on each. Other workers skip leased rows; a lease that expires (the worker died) makes the row due again.
    /// Commit the session right after: no lock may be held while the message is sent.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(string workerId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Records the delivery (whoever holds the lease: the message did go out); false if it was no longer pending.</summary>
    Task<bool> MarkDeliveredAsync(long id, DateTimeOffset deliveredAt, string? platformMessageId, CancellationToken cancellationToken);

    /// <summary>Releases the lease and makes the row due again at <paramref name="nextAttemptAt"/>, keeping the last failure reason.</summary>
    Task<bool> RescheduleAsync(long id, string workerId, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    /// <summary>Gives up on the row: state Failed with the reason; it is never retried.</summary>
    Task<bool> MarkFailedAsync(long id, string workerId, string reason, CancellationToken cancellationToken);

    /// <summary>How many rows are in the given state.</summary>
    Task<int> CountAsync(OutboxState state, CancellationToken cancellationToken);
}
