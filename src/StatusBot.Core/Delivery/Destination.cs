namespace StatusBot.Core.Delivery;

/// <summary>
/// Where an outbound message goes. <see cref="Address"/> is platform-neutral: a person identity
/// (<c>slack:T1:U1</c>) for a direct message, a channel reference (<c>slack:T1:C1</c>) for a channel post.
/// </summary>
public sealed record Destination(DestinationKind Kind, string Address)
{
    public static Destination DirectMessage(string personIdentity) => new(DestinationKind.DirectMessage, personIdentity);

    public static Destination Channel(string channelRef) => new(DestinationKind.Channel, channelRef);

    /// <summary>The workspace part of the address (everything before the last colon).</summary>
    public string WorkspaceId => Address[..Address.LastIndexOf(':')] is var ws && ws.Length > 0 ? ws : Address;
}

public enum DestinationKind
{
    DirectMessage,
    Channel,
}
