namespace StatusBot.Core.Delivery;

/// <summary>
/// Where an outbound message goes. <see cref="Address"/> is platform-neutral: a person identity
/// (<c>slack:T1:U1</c>) for a direct message, a channel reference (<c>slack:T1:C1</c>) for a channel post.
/// </summary>
public sealed record Destination(DestinationKind Kind, string Address)
{
    public static Destination DirectMessage(string personIdentity) => new(DestinationKind.DirectMessage, personIdentity);

    public static Destination Channel(string channelRef) => new(DestinationKind.Channel, channelRef);

    /// <summary>
    /// The workspace part of the address: <c>slack:T1</c>, <c>teams:&lt;tenant&gt;</c> or <c>playground</c>.
    /// Taken from the front, because Teams channel ids themselves contain colons (<c>19:abc@thread.tacv2</c>).
    /// </summary>
    public string WorkspaceId => WorkspaceOf(Address);

    public static string WorkspaceOf(string address)
    {
        var parts = address.Split(':', 3);
        return parts[0] == "playground" || parts.Length < 2 ? parts[0] : $"{parts[0]}:{parts[1]}";
    }
}

public enum DestinationKind
{
    DirectMessage,
    Channel,
}
