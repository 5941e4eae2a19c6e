namespace StatusBot.Core.Delivery;

/// <summary>The outbox table. Enqueue inside the session that makes the change, so both commit or neither does.</summary>
public interface IOutboxRepository
{
    /// <summary>Adds the message unless one with the same <see cref="OutboxMessage.DedupKey"/> exists; true if added.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken);
    Task<OutboxMessage?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);
}
