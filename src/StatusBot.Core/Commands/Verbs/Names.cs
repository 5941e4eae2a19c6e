using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>Rules for names people give programs and teams, so they can be typed back and printed safely.</summary>
internal static class Names
{
    public static string Valid(string name, string what)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 80)
        {
            throw new CommandInputException($"A {what} name needs 1 to 80 characters.");
        }

        if (trimmed.IndexOfAny(['/', '*', '[', ']', '{', '}', '<', '>', '|', '\n']) >= 0 || trimmed[0] is '@' or '#')
        {
            throw new CommandInputException($"{InlineMarkup.Bold(trimmed.Replace("*", string.Empty, StringComparison.Ordinal))} cannot be a {what} name: use letters, digits, spaces, '-', '_' or '.'.");
        }

        return trimmed;
    }

    /// <summary>
    /// A program or team name as it must be typed in a command: quoted when it has a space (<c>"Data Platform"</c>), as
    /// the grammar reads one unquoted word as the whole name. For hints that show a command to copy.
    /// </summary>
    public static string Typed(string name) => name.Any(char.IsWhiteSpace) ? $"\"{name}\"" : name;

    /// <summary>A count with its noun, singular for one (<c>1 answer</c>, <c>3 answers</c>).</summary>
    public static string Count(int count, string one, string many) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    /// <summary>A date as the grammar writes it.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A clock time as the grammar writes it.</summary>
    public static string Clock(TimeOnly time) => time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Free text kept in a reply, on one line and escaped: it shows as typed, never as a link, mention or formatting.</summary>
    public static string Plain(string text) => InlineMarkup.Escape(text.ReplaceLineEndings(" "));
}
