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
}
