namespace StatusBot.Core.Inbound;

/// <summary>
/// Who is talking to the bot, as the adapter knows them. <see cref="Identity"/> is a
/// <see cref="People.PersonIdentity"/> in text form; name and zone come from the platform's profile when it has one.
/// </summary>
public sealed record Caller(string Identity, string? DisplayName = null, string? TimeZone = null);

/// <summary>
/// A slash command or @mention, reduced to its text (without <c>/statusbot</c> or the bot mention).
/// Platform mention and channel tokens stay in the text (<c>&lt;@U1|ada&gt;</c>, <c>&lt;#C1|general&gt;</c>,
/// <c>&lt;at&gt;Ada&lt;/at&gt;</c>); <see cref="Mentions"/> maps a Teams mention's text to the identity it names.
/// </summary>
public sealed record CommandRequest(
    Caller Caller,
    string Text,
    string? ChannelRef = null,
    IReadOnlyDictionary<string, string>? Mentions = null);

/// <summary>A plain-text message a person sent the bot in a direct message (e.g. a conversational check-in answer).</summary>
public sealed record DirectMessageRequest(Caller Caller, string Text);

/// <summary>A button of a core message was pressed (see <see cref="Messages.ButtonAction"/>).</summary>
public sealed record ButtonPress(Caller Caller, string ActionId, string Value);

/// <summary>A core form was submitted; values are keyed by <see cref="Messages.FormInput.Id"/> (dates as yyyy-MM-dd, checkboxes as true/false).</summary>
public sealed record FormSubmission(Caller Caller, string FormId, IReadOnlyDictionary<string, string?> Values);
