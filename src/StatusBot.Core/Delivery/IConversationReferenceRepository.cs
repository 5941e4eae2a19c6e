namespace StatusBot.Core.Delivery;

/// <summary>
/// How a platform that cannot message an id directly (Microsoft Teams) reaches a person or channel later: the
/// service URL and conversation captured from a validated inbound activity. Only addresses seen in validated
/// activities (or in a roster fetched from such a service URL) are stored, so outbound sends go to trusted hosts only.
/// </summary>
public sealed record ConversationReference
{
    /// <summary>The neutral destination address: a person identity or a channel reference (see <see cref="Destination"/>).</summary>
    public required string Address { get; init; }

    /// <summary>The platform's service URL to send to, as the validated activity named it.</summary>
    public required string ServiceUrl { get; init; }

    /// <summary>The conversation to post into; null when only the member is known (a 1:1 is created on the first send).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The platform's own id of the person (Teams' <c>29:…</c>), needed to create a 1:1 conversation.</summary>
    public string? PlatformUserId { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Stored conversation references, keyed by <see cref="ConversationReference.Address"/>.</summary>
public interface IConversationReferenceRepository
{
    /// <summary>Inserts or replaces the reference; a known conversation id is kept when the new one is null.</summary>
    Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken);

    Task<ConversationReference?> GetAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// The reference of the person the platform knows by <paramref name="platformUserId"/> (Teams' <c>29:…</c>, all a
    /// mention carries), among addresses starting with <paramref name="addressPrefix"/> (the tenant); null when not stored.
    /// </summary>
    Task<ConversationReference?> FindByPlatformUserIdAsync(string addressPrefix, string platformUserId, CancellationToken cancellationToken);
}
