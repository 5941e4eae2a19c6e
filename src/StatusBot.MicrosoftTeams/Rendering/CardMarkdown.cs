using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Workspaces;

namespace StatusBot.MicrosoftTeams.Rendering;

/// <summary>
/// Turns the core's <see cref="InlineMarkup"/> into the markdown subset Adaptive Cards support in Teams
/// (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format): <c>**bold**</c>,
/// <c>_italic_</c>, <c>[label](url)</c>; Teams people become <c>&lt;at&gt;Name&lt;/at&gt;</c> with a mention entity
/// collected for the card's <c>msteams.entities</c>. Typed text is escaped so it stays text.
/// </summary>
internal sealed partial class CardMarkdown
{
    private readonly List<JsonObject> _entities = [];
    private readonly HashSet<string> _mentioned = new(StringComparer.Ordinal);

    /// <summary>The mention entities of every <c>&lt;at&gt;</c> written so far, one per person.</summary>
    public JsonArray Entities() => new([.. _entities.Select(entity => entity.DeepClone())]);

    public string From(string markup)
    {
        var builder = new StringBuilder(markup.Length + 16);
        foreach (var span in InlineMarkup.Parse(markup))
        {
            switch (span.Kind)
            {
                case InlineKind.Bold:
                    builder.Append("**").Append(EscapeInline(span.Text)).Append("**");
                    break;
                case InlineKind.Italic:
                    builder.Append('_').Append(EscapeInline(span.Text)).Append('_');
                    break;
                case InlineKind.Link:
                    builder.Append('[').Append(EscapeInline(span.Text)).Append("](").Append(span.Target).Append(')');
                    break;
                case InlineKind.Mention:
                    builder.Append(Mention(span.Text, span.Target));
                    break;
                case InlineKind.Instant when span.At is { } at:
                    // Teams formats DATE/TIME functions in each reader's own zone and locale
                    // (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features#datetime-formatting-and-localization).
                    var utc = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    builder.Append("{{DATE(").Append(utc).Append(", SHORT)}} {{TIME(").Append(utc).Append(")}}");
                    break;
                default:
                    builder.Append(EscapeInline(span.Text));
                    break;
            }
        }

        // A list marker only counts at the start of a line of the whole text, not of a span.
        return ListMarker().Replace(builder.ToString(), @"$1\$2");
    }

    /// <summary>
    /// Only Teams identities (<c>teams:&lt;tenant&gt;:&lt;aad object id&gt;</c>) can be mentioned; Teams accepts the
    /// Microsoft Entra object id as <c>mentioned.id</c> in cards. Anyone else is written by name.
    /// </summary>
    private string Mention(string name, string? target)
    {
        if (!PersonIdentity.TryParse(target, out var identity, out _) || identity.Platform != ChatPlatform.Teams)
        {
            return "@" + EscapeInline(name);
        }

        // The entity's text must equal the card text exactly, and a name must not close the tag.
        var safeName = name.Replace("<", string.Empty, StringComparison.Ordinal).Replace(">", string.Empty, StringComparison.Ordinal);
        var text = $"<at>{safeName}</at>";
        if (_mentioned.Add(identity.UserId + "\n" + text))
        {
            _entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = text,
                ["mentioned"] = new JsonObject { ["id"] = identity.UserId, ["name"] = safeName },
            });
        }

        return text;
    }

    /// <summary>
    /// Typed text as literal text: markdown characters get a backslash (CommonMark escapes), a line that would start a
    /// list gets its marker escaped, <c>{{</c> is split so typed text never becomes a DATE/TIME function, and <c>&lt;at&gt;</c> typed by a person gets a word joiner so it can never pair up
    /// with a real mention entity of the same card and notify someone.
    /// </summary>
    public static string Escape(string text) => ListMarker().Replace(EscapeInline(text), @"$1\$2");

    private static string EscapeInline(string text) =>
        AtTag().Replace(MarkdownChar().Replace(text, @"\$0"), "<\u2060").Replace("{{", "{\u2060{", StringComparison.Ordinal);

    [GeneratedRegex(@"[\\*_\[\]`~]")]
    private static partial Regex MarkdownChar();

    [GeneratedRegex(@"(?m)^(\s*(?:\d+)?)([-+.>#])(?=\s|$)")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"<(?=/?at\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();
}
