using System.Text;
using System.Text.RegularExpressions;

namespace StatusBot.Core.Messages;

/// <summary>
/// The tiny inline markup of core text: <c>**bold**</c>, <c>_italic_</c>, <c>[label](https://url)</c> and
/// person mentions <c>@{slack:T1:U1|Ada Lovelace}</c>. Renderers walk <see cref="Parse"/>'s spans and emit
/// their own syntax (Slack mrkdwn <c>&lt;@U1&gt;</c>, Teams <c>&lt;at&gt;</c> with a mention entity, HTML).
/// </summary>
public static partial class InlineMarkup
{
    public static string Bold(string text) => $"**{text}**";

    public static string Italic(string text) => $"_{text}_";

    public static string Link(string label, string url) => $"[{label}]({url})";

    public static string Mention(string identity, string displayName) => $"@{{{identity}|{displayName}}}";

    /// <summary>Splits text into spans; anything that is not markup is a plain span.</summary>
    public static IReadOnlyList<InlineSpan> Parse(string text)
    {
        var spans = new List<InlineSpan>();
        var position = 0;
        foreach (Match match in Token().Matches(text))
        {
            if (match.Index > position)
            {
                spans.Add(new InlineSpan(InlineKind.Plain, text[position..match.Index]));
            }

            spans.Add(match switch
            {
                _ when match.Groups["bold"].Success => new InlineSpan(InlineKind.Bold, match.Groups["bold"].Value),
                _ when match.Groups["italic"].Success => new InlineSpan(InlineKind.Italic, match.Groups["italic"].Value),
                _ when match.Groups["label"].Success => new InlineSpan(InlineKind.Link, match.Groups["label"].Value, match.Groups["url"].Value),
                _ => new InlineSpan(InlineKind.Mention, match.Groups["name"].Value, match.Groups["identity"].Value),
            });
            position = match.Index + match.Length;
        }

        if (position < text.Length)
        {
            spans.Add(new InlineSpan(InlineKind.Plain, text[position..]));
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

    [GeneratedRegex(@"\*\*(?<bold>[^*\n]+)\*\*|(?<![\w])_(?<italic>[^_\n]+)_(?![\w])|\[(?<label>[^\]\n]+)\]\((?<url>https?://[^)\s]+)\)|@\{(?<identity>[^|}\s]+)\|(?<name>[^}\n]+)\}")]
    private static partial Regex Token();
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
