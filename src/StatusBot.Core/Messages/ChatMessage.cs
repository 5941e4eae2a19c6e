using System.Text.Json.Serialization;

namespace StatusBot.Core.Messages;

/// <summary>
/// The channel-neutral message the core speaks. Adapters render it: Block Kit (Slack), Adaptive Cards
/// (Teams), HTML (playground). Text fields use <see cref="InlineMarkup"/>. It serializes to JSON so the
/// outbox can store it as it was built.
/// </summary>
/// <param name="Kind">What the message is for (<c>checkin.prompt</c>, <c>digest</c>, <c>command.reply</c>…); renderers and golden files key on it.</param>
/// <param name="Summary">Plain text for notifications and clients that show no blocks.</param>
/// <param name="Blocks">The content, top to bottom; the most important first, since renderers cut from the end.</param>
public sealed record ChatMessage(string Kind, string Summary, IReadOnlyList<MessageBlock> Blocks);

/// <summary>One vertical piece of a message.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FieldsBlock), "fields")]
[JsonDerivedType(typeof(StatusBlock), "status")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(FormBlock), "form")]
public abstract record MessageBlock;

/// <summary>A title line, plain text.</summary>
public sealed record HeaderBlock(string Text) : MessageBlock;

/// <summary>A paragraph in <see cref="InlineMarkup"/>.</summary>
public sealed record TextBlock(string Text) : MessageBlock;

/// <summary>Label/value pairs shown side by side where the platform can (values in <see cref="InlineMarkup"/>).</summary>
public sealed record FieldsBlock(IReadOnlyList<Field> Fields) : MessageBlock;

public sealed record Field(string Label, string Value);

/// <summary>A traffic-light line: a status badge, a label (team or program) and a short text.</summary>
public sealed record StatusBlock(StatusBadge Status, string Label, string Text) : MessageBlock;

/// <summary>Small, secondary text (timestamps, hints, "and 3 more").</summary>
public sealed record ContextBlock(string Text) : MessageBlock;

public sealed record DividerBlock : MessageBlock;

/// <summary>Buttons. Each carries an action id and a value the adapter hands back to the core when pressed.</summary>
public sealed record ActionsBlock(IReadOnlyList<ButtonAction> Buttons) : MessageBlock;

public sealed record ButtonAction(string Label, string ActionId, string Value, ButtonStyle Style = ButtonStyle.Default, string? Url = null);

public enum ButtonStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>The badge of a <see cref="StatusBlock"/>: the three check-in states plus "no answer" and "done".</summary>
public enum StatusBadge
{
    OnTrack,
    AtRisk,
    OffTrack,
    Unknown,
    Done,
}
