using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace StatusBot.Core.Messages;

/// <summary>
/// The tiny inline markup of core text: <c>**bold**</c>, <c>_italic_</c>, <c>[label](https://url)</c> and
/// person mentions <c>@{slack:T1:U1|Ada Lovelace}</c>. Renderers walk <see cref="Parse"/>'s spans and emit
/// their own syntax (Slack mrkdwn <c>&lt;@U1&gt;</c>, Teams <c>&lt;at&gt;</c> with a mention entity, HTML).
/// </summary>
/// <remarks>
/// Text people typed (blockers, notes, names…) is put into markup only through <see cref="Escape"/> or one of the
/// helpers (<see cref="Bold"/>, <see cref="Italic"/>, <see cref="Link"/>'s label, <see cref="Mention"/>'s name), which
/// escape it: a backslash before <c>\ * _ [ ] { }</c>. So typed text can never become a link, a mention or
/// formatting, whatever it contains; each renderer then escapes what its own platform treats specially.
/// </remarks>
public static partial class InlineMarkup
{
    private const string Escapable = "\\*_[]{}";
    private static readonly SearchValues<char> EscapableChars = SearchValues.Create(Escapable);

    public static string Bold(string text) => $"**{Escape(text)}**";

    public static string Italic(string text) => $"_{Escape(text)}_";

    public static string Link(string label, string url) => $"[{Escape(label)}]({url})";

    public static string Mention(string identity, string displayName) => $"@{{{identity}|{Escape(displayName)}}}";

    /// <summary>Text as typed, made safe to compose into markup: it parses back to exactly itself, as plain text.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(EscapableChars) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (EscapableChars.Contains(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Splits text into spans; anything that is not markup is a plain span (escapes removed).</summary>
    public static IReadOnlyList<InlineSpan> Parse(string text)
    {
        var spans = new List<InlineSpan>();
        var plain = new StringBuilder();
        var position = 0;
        foreach (Match match in Token().Matches(text))
        {
            plain.Append(text, position, match.Index - position);
            position = match.Index + match.Length;
            if (match.Groups["escaped"].Success)
            {
                plain.Append(match.Groups["escaped"].Value);
                continue;
            }

            if (plain.Length > 0)
            {
                spans.Add(new InlineSpan(InlineKind.Plain, plain.ToString()));
                plain.Clear();
            }

            spans.Add(match switch
            {
                _ when match.Groups["bold"].Success => new InlineSpan(InlineKind.Bold, Unescape(match.Groups["bold"].Value)),
                _ when match.Groups["italic"].Success => new InlineSpan(InlineKind.Italic, Unescape(match.Groups["italic"].Value)),
                _ when match.Groups["label"].Success => new InlineSpan(InlineKind.Link, Unescape(match.Groups["label"].Value), match.Groups["url"].Value),
                _ => new InlineSpan(InlineKind.Mention, Unescape(match.Groups["name"].Value), match.Groups["identity"].Value),
            });
        }

        plain.Append(text, position, text.Length - position);
        if (plain.Length > 0)
        {
            spans.Add(new InlineSpan(InlineKind.Plain, plain.ToString()));
        }

        return spans;
    }

    /// <summary>The text without markup, mentions as their display names: for summaries and logs.</summary>
    public static string ToPlainText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var span in Parse(text))
        {
            builder.Append(span.Kind == InlineKind.Mention ? "@" + span.Text : span.Text);
        }

        return builder.ToString();
    }

    private static string Unescape(string text) => text.Contains('\\', StringComparison.Ordinal) ? EscapedChar().Replace(text, "$1") : text;

    // An escape is tried first at every position, so an escaped character can neither open nor close a token.
    [GeneratedRegex(@"\\(?<escaped>[\\*_\[\]{}])|\*\*(?<bold>(?:[^*\\\n]|\\[\\*_\[\]{}])+)\*\*|(?<![\w\\])_(?<italic>(?:[^_\\\n]|\\[\\*_\[\]{}])+)_(?![\w])|\[(?<label>(?:[^\]\\\n]|\\[\\*_\[\]{}])+)\]\((?<url>https?://[^)\s]+)\)|@\{(?<identity>[^|}\s]+)\|(?<name>(?:[^}\\\n]|\\[\\*_\[\]{}])+)\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"\\([\\*_\[\]{}])")]
    private static partial Regex EscapedChar();
}

public enum InlineKind
{
    Plain,
    Bold,
    Italic,
    Link,
    Mention,
}

/// <summary>A run of text; <see cref="Target"/> is the URL of a link or the identity of a mention.</summary>
public sealed record InlineSpan(InlineKind Kind, string Text, string? Target = null);
