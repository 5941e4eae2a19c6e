using System.Globalization;

namespace StatusBot.Core.Commands.Parsing;

/// <summary>
/// Strict parsers for the values the grammar knows. Each returns false with a sentence a person can act on;
/// nothing is guessed (no "next tuesday", no 9am, no Windows zone names).
/// </summary>
public static class Values
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>An ISO date <c>YYYY-MM-DD</c> that exists on the calendar.</summary>
    public static bool TryDate(string text, out DateOnly date, out string error)
    {
        error = string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.";
        return false;
    }

    /// <summary>A 24-hour clock time <c>HH:MM</c> (one-digit hours allowed: <c>9:30</c>).</summary>
    public static bool TryTime(string text, out TimeOnly time, out string error)
    {
        error = string.Empty;
        time = default;
        var parts = text.Split(':');
        if (parts is [var h, var m] && h.Length is 1 or 2 && m.Length == 2 && h.All(char.IsAsciiDigit) && m.All(char.IsAsciiDigit)
            && int.Parse(h, CultureInfo.InvariantCulture) is var hour and < 24 && int.Parse(m, CultureInfo.InvariantCulture) is var minute and < 60)
        {
            time = new TimeOnly(hour, minute);
            return true;
        }

        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a time; write it as HH:MM on a 24-hour clock, e.g. 09:30.";
        return false;
    }

    /// <summary>A weekday name, full or its first three letters (<c>monday</c>, <c>Mon</c>).</summary>
    public static bool TryWeekday(string text, out DayOfWeek day, out string error)
    {
        error = string.Empty;
        var lower = text.ToLowerInvariant();
        for (var i = 0; i < DayNames.Length; i++)
        {
            if (lower == DayNames[i] || lower == DayNames[i][..3])
            {
                day = (DayOfWeek)i;
                return true;
            }
        }

        day = default;
        var hint = Suggest.Closest(lower, DayNames, 1);
        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a weekday; use monday … sunday{(hint.Count > 0 ? $" (did you mean {hint[0]}?)" : string.Empty)}.";
        return false;
    }

    /// <summary>An IANA time zone id known to this machine (<c>Europe/Berlin</c>, <c>UTC</c>); Windows names are refused.</summary>
    public static bool TryZone(string text, out string zone, out string error)
    {
        error = string.Empty;
        zone = text;
        if (LooksLikeZone(text))
        {
            try
            {
                var info = TimeZoneInfo.FindSystemTimeZoneById(text);
                zone = info.Id;
                return true;
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC.";
        return false;
    }

    /// <summary>True when the text has the shape of an IANA id, so an optional zone can be told apart from the next keyword.</summary>
    public static bool LooksLikeZone(string text) =>
        text.Equals("UTC", StringComparison.OrdinalIgnoreCase) || (text.Contains('/', StringComparison.Ordinal) && !text.StartsWith('/') && !text.EndsWith('/'));

    /// <summary>A risk rating: <paramref name="prefix"/> followed by 1–5 (<c>p3</c>, <c>i5</c>).</summary>
    public static bool TryRating(string text, char prefix, out int rating, out string error)
    {
        error = string.Empty;
        rating = 0;
        if (text.Length == 2 && char.ToLowerInvariant(text[0]) == prefix && text[1] is >= '1' and <= '5')
        {
            rating = text[1] - '0';
            return true;
        }

        var what = prefix == 'p' ? "probability" : "impact";
        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a {what}; write {prefix}1 (lowest) to {prefix}5 (highest).";
        return false;
    }

    /// <summary>A whole number of hours between 1 and <paramref name="max"/>, written <c>24h</c>.</summary>
    public static bool TryHours(string text, int max, out int hours, out string error)
    {
        error = string.Empty;
        hours = 0;
        if (text.Length >= 2 && (text[^1] == 'h' || text[^1] == 'H') && text[..^1].All(char.IsAsciiDigit) && text.Length <= 5
            && int.Parse(text[..^1], CultureInfo.InvariantCulture) is var value and >= 1 && value <= max)
        {
            hours = value;
            return true;
        }

        error = $"'{Messages.InlineMarkup.Escape(text)}' is not a number of hours; write 1h to {max}h, e.g. 24h.";
        return false;
    }

    /// <summary>A positive id as shown in lists (<c>12</c> or <c>#12</c>).</summary>
    public static bool TryId(string text, out long id, out string error)
    {
        error = string.Empty;
        var digits = text.StartsWith('#') ? text[1..] : text;
        if (digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit) && long.Parse(digits, CultureInfo.InvariantCulture) is var value and > 0)
        {
            id = value;
            return true;
        }

        id = 0;
        error = $"'{Messages.InlineMarkup.Escape(text)}' is not an id; use the number shown in the list, e.g. 12.";
        return false;
    }
}
