using StatusBot.Core.Messages;

namespace StatusBot.Core.Delivery;

/// <summary>
/// One outbound message, written in the same transaction as the state change that caused it and
/// delivered later by the outbox worker. <see cref="DedupKey"/> makes enqueueing idempotent
/// (e.g. <c>prompt:cycle:42:person:7</c>): a second enqueue with the same key is ignored.
/// </summary>
public sealed record OutboxMessage
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required Destination Destination { get; init; }
    public required ChatMessage Message { get; init; }
    public required string DedupKey { get; init; }

    /// <summary>The program it concerns, so failures can be surfaced to that program's TPMs.</summary>
    public long? ProgramId { get; init; }

    public OutboxState State { get; init; } = OutboxState.Pending;
    public int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public string? PlatformMessageId { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>
    /// The earlier message this one replaces (a digest's week posted again): delivered as an update of that message
    /// where the platform can (<see cref="IChatPlatform.UpdateAsync"/>), else as a new post.
    /// </summary>
    public long? ReplacesId { get; init; }

    /// <summary>A direct message to the person <paramref name="identity"/>, due now, queued once per <paramref name="dedupKey"/>.</summary>
    public static OutboxMessage DirectMessageTo(string identity, ChatMessage message, string dedupKey, long? programId, DateTimeOffset now)
    {
        var destination = Destination.DirectMessage(identity);
        return new OutboxMessage
        {
            WorkspaceId = destination.WorkspaceId,
            Destination = destination,
            Message = message,
            DedupKey = dedupKey,
            ProgramId = programId,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}

public enum OutboxState
{
    Pending,
    Delivered,
    Failed,
}
