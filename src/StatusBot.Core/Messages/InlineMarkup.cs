using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatusBot.Core.Messages;

/// <summary>
/// The tiny inline markup of core text: <c>**bold**</c>, <c>_italic_</c>, <c>[label](https://url)</c> and
/// person mentions <c>@{slack:T1:U1|Ada Lovelace}</c> and instants <c>{{time:1764578040|Europe/Berlin}}</c>.
/// Renderers walk <see cref="Parse"/>'s spans and emit their own syntax (Slack mrkdwn <c>&lt;@U1&gt;</c> and
/// <c>&lt;!date^…&gt;</c>, Teams <c>&lt;at&gt;</c> with a mention entity, HTML).
/// </summary>
/// <remarks>
/// Text people typed (blockers, notes, names…) is put into markup only through <see cref="Escape"/> or one of the
/// helpers (<see cref="Bold"/>, <see cref="Italic"/>, <see cref="Link"/>'s label, <see cref="Mention"/>'s name), which
/// escape it: a backslash before <c>\ * _ [ ] { }</c>. So typed text can never become a link, a mention or
/// formatting, whatever it contains; each renderer then escapes what its own platform treats specially.
///
/// An instant is stored as Unix seconds (UTC, as everything stored) plus the zone its fallback text is written in,
/// usually the team's: each renderer shows it in the reader's own zone where it knows it (Slack clients do it
/// themselves), and falls back to that zone, named, where it does not.
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

    /// <summary>An instant that renderers show in each reader's zone; <paramref name="fallbackZone"/> (an IANA id, usually the team's) names the zone of its fallback text.</summary>
    public static string Instant(DateTimeOffset instant, string fallbackZone) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{{time:{instant.ToUnixTimeSeconds()}|{fallbackZone}}}}}");

    /// <summary>
    /// An instant as text in <paramref name="zone"/>, the zone named: <c>Tue 2026-12-01 09:34 (Europe/Berlin)</c>. What a
    /// reader sees where the platform cannot localize it (Slack notifications, summaries, the playground).
    /// </summary>
    public static string FormatInstant(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var name = zone.Id == TimeZoneInfo.Utc.Id ? "UTC" : zone.Id;
        return string.Create(CultureInfo.InvariantCulture, $"{local:ddd yyyy-MM-dd HH:mm} ({name})");
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
                _ when match.Groups["unix"].Success => InstantSpan(match.Groups["unix"].Value, match.Groups["zone"].Value),
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

    /// <summary>An instant span: its text is the fallback in its zone; <see cref="InlineSpan.Target"/> is the Unix seconds, <see cref="InlineSpan.Zone"/> the zone.</summary>
    private static InlineSpan InstantSpan(string unix, string zoneId)
    {
        var zone = TimeZoneInfo.Utc;
        if (zoneId != "UTC" && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
        {
            zone = TimeZoneInfo.Utc; // A zone removed from the tz database since: still an exact instant, named UTC.
            zoneId = "UTC";
        }

        var instant = DateTimeOffset.FromUnixTimeSeconds(long.Parse(unix, CultureInfo.InvariantCulture));
        return new InlineSpan(InlineKind.Instant, FormatInstant(instant, zone!), unix, zoneId);
    }

    // An escape is tried first at every position, so an escaped character can neither open nor close a token
    // (typed text has its braces escaped, so it can never form an instant either).
    [GeneratedRegex(@"\\(?<escaped>[\\*_\[\]{}])|\{\{time:(?<unix>\d{1,12})\|(?<zone>[A-Za-z0-9_+\-/]{1,64})\}\}|\*\*(?<bold>(?:[^*\\\n]|\\[\\*_\[\]{}])+)\*\*|(?<![\w\\])_(?<italic>(?:[^_\\\n]|\\[\\*_\[\]{}])+)_(?![\w])|\[(?<label>(?:[^\]\\\n]|\\[\\*_\[\]{}])+)\]\((?<url>https?://[^)\s]+)\)|@\{(?<identity>[^|}\s]+)\|(?<name>(?:[^}\\\n]|\\[\\*_\[\]{}])+)\}")]
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

    /// <summary>A point in time (<see cref="InlineMarkup.Instant"/>), shown in the reader's zone.</summary>
    Instant,
}

/// <summary>
/// A run of text; <see cref="Target"/> is the URL of a link, the identity of a mention or the Unix seconds of an
/// instant, whose <see cref="Text"/> is its fallback text in <see cref="Zone"/>.
/// </summary>
public sealed record InlineSpan(InlineKind Kind, string Text, string? Target = null, string? Zone = null)
{
    /// <summary>The instant of an <see cref="InlineKind.Instant"/> span.</summary>
    public DateTimeOffset? At => Kind == InlineKind.Instant && long.TryParse(Target, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
        ? DateTimeOffset.FromUnixTimeSeconds(unix)
        : null;
}
