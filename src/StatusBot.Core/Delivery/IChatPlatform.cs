using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Delivery;

/// <summary>
/// The outbound port each adapter implements. The outbox worker calls it for one message at a time and
/// acts on the <see cref="DeliveryResult"/>: records the delivery, retries later, or gives up with the reason.
/// Implementations map their platform's errors to these kinds; they never throw for a platform answer.
/// </summary>
public interface IChatPlatform
{
    ChatPlatform Platform { get; }

    Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the content of a message delivered earlier (its <paramref name="platformMessageId"/> as recorded then).
    /// Null when the platform cannot update messages: the drainer then posts the new content as a new message.
    /// </summary>
    Task<DeliveryResult?> UpdateAsync(Destination destination, string platformMessageId, ChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult<DeliveryResult?>(null);
}

/// <summary>What happened to one delivery attempt.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? PlatformMessageId = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered(string? platformMessageId = null) => new(DeliveryOutcome.Delivered, platformMessageId);

    /// <summary>The platform asked us to slow down (HTTP 429); try again after <paramref name="retryAfter"/>.</summary>
    public static DeliveryResult RateLimited(TimeSpan retryAfter) => new(DeliveryOutcome.RateLimited, RetryAfter: retryAfter, Reason: "rate limited");

    /// <summary>May succeed later (5xx, timeout, network): retried with backoff.</summary>
    public static DeliveryResult Transient(string reason) => new(DeliveryOutcome.TransientFailure, Reason: reason);

    /// <summary>Will never succeed (user deactivated, channel archived, bad token): not retried; surfaced to the TPM.</summary>
    public static DeliveryResult Permanent(string reason) => new(DeliveryOutcome.PermanentFailure, Reason: reason);
}

public enum DeliveryOutcome
{
    Delivered,
    RateLimited,
    TransientFailure,
    PermanentFailure,
}
