using System.Text;
using System.Text.RegularExpressions;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Workspaces;

namespace StatusBot.Slack.Rendering;

/// <summary>
/// Turns the core's <see cref="InlineMarkup"/> into Slack mrkdwn (https://api.slack.com/reference/surfaces/formatting):
/// <c>*bold*</c>, <c>_italic_</c>, <c>&lt;url|label&gt;</c>, <c>&lt;@U123&gt;</c>, instants as
/// <c>&lt;!date^UNIX^{date_short_pretty} {time}|fallback&gt;</c>; <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped.
/// </summary>
internal static partial class Mrkdwn
{
    public static string From(string markup)
    {
        var builder = new StringBuilder(markup.Length + 16);
        foreach (var span in InlineMarkup.Parse(markup))
        {
            switch (span.Kind)
            {
                case InlineKind.Bold:
                    builder.Append('*').Append(Escape(span.Text)).Append('*');
                    break;
                case InlineKind.Italic:
                    builder.Append('_').Append(Escape(span.Text)).Append('_');
                    break;
                case InlineKind.Link:
                    builder.Append('<').Append(Escape(span.Target!)).Append('|').Append(Escape(span.Text).Replace("|", "¦", StringComparison.Ordinal)).Append('>');
                    break;
                case InlineKind.Mention:
                    // Only Slack identities can be mentioned; anyone else is written by name.
                    if (PersonIdentity.TryParse(span.Target, out var identity, out _) && identity.Platform == ChatPlatform.Slack)
                    {
                        builder.Append("<@").Append(identity.UserId).Append('>');
                    }
                    else
                    {
                        builder.Append('@').Append(Escape(span.Text));
                    }

                    break;
                case InlineKind.Instant:
                    // Each Slack client shows the date token in its reader's own zone and locale; the fallback (the team's
                    // zone, named) is what notifications and clients that cannot render it show.
                    builder.Append("<!date^").Append(span.Target).Append("^{date_short_pretty} {time}|").Append(Escape(span.Text)).Append('>');
                    break;
                default:
                    builder.Append(Escape(span.Text));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The three characters Slack requires escaped in text (https://api.slack.com/reference/surfaces/formatting#escaping),
    /// so typed <c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c> or <c>&lt;http://evil|innocent&gt;</c> show as typed. A bare
    /// <c>@here</c> / <c>@channel</c> / <c>@everyone</c> gets a word joiner after the <c>@</c>: it reads the same, but no
    /// client or <c>link_names</c> setting can turn it into a notification for the whole channel.
    /// </summary>
    public static string Escape(string text) =>
        BroadcastWord().Replace(
            text.Replace("&", "&amp;", StringComparison.Ordinal)
                .Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal),
            "@\u2060");

    /// <summary>Cuts text to <paramref name="max"/> characters with an ellipsis, never splitting an escape sequence or a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        var amp = text.LastIndexOf('&', cut - 1, Math.Min(cut, 6));
        if (amp >= 0 && text.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    [GeneratedRegex(@"@(?=(?:here|channel|everyone)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BroadcastWord();
}
