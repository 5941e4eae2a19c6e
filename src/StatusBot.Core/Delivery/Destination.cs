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
        // The first segment, or the first two ("slack:T123" of "slack:T123:U456"); no split: a round calls this per member.
        var first = address.IndexOf(':', StringComparison.Ordinal);
        if (first < 0)
        {
            return address;
        }

        if (address.AsSpan(0, first).SequenceEqual("playground"))
        {
            return address[..first];
        }

        var second = address.IndexOf(':', first + 1);
        return second < 0 ? address : address[..second];
    }
}

public enum DestinationKind
{
    DirectMessage,
    Channel,
}
