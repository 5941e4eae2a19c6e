namespace StatusBot.Core.Delivery;

/// <summary>
/// A message body that many direct messages share (a team's weekly prompt: every member's differs only in the mention),
/// stored once instead of once per recipient. Each recipient's outbox row keeps only what is its own
/// (<see cref="PersonalMessage.Personal"/>), which takes the place of <see cref="Placeholder"/> when the row is read for
/// sending: the message sent is the one serializing the recipient's own would have given.
/// </summary>
/// <param name="Key">Identifies the body (a cycle's prompt: <c>checkin:prompt:cycle:42</c>); written once per key.</param>
/// <param name="WorkspaceId">The workspace of its recipients (erasing a person scrubs their words from its bodies too).</param>
/// <param name="ProgramId">The program its messages concern (<see cref="OutboxMessage.ProgramId"/>): kept here, not on each row.</param>
/// <param name="Kind">The message kind (<see cref="Messages.ChatMessage.Kind"/>), counted per row queued.</param>
/// <param name="Serialized">The body in its stored form (<see cref="Messages.MessageJson"/>); the placeholder occurs in it exactly once.</param>
/// <param name="Placeholder">The text each recipient's own replaces, as it appears in <paramref name="Serialized"/>.</param>
public sealed record SharedBody(string Key, string WorkspaceId, long? ProgramId, string Kind, string Serialized, string Placeholder)
{
    /// <summary>The recipient's message in its stored form.</summary>
    public static string Compose(string serialized, string placeholder, string personal) =>
        serialized.Replace(placeholder, personal, StringComparison.Ordinal);
}

/// <summary>
/// A direct message queued as a <see cref="SharedBody"/> and the recipient's own text: the outbox row is a few dozen bytes
/// where a whole prompt is a few kilobytes.
/// </summary>
/// <param name="Personal">Replaces the body's placeholder (the recipient's mention, encoded as in the stored form).</param>
public sealed record PersonalMessage(string Identity, string BodyKey, string Personal, string DedupKey, DateTimeOffset Now)
{
    public Destination Destination => Destination.DirectMessage(Identity);
}
