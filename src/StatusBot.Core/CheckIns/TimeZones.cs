namespace StatusBot.Core.CheckIns;

/// <summary>Resolves IANA time zone ids (<c>Europe/Berlin</c>) with a message that says how to find a valid one.</summary>
public static class TimeZones
{
    /// <summary>The zone for an IANA id; throws <see cref="UnknownTimeZoneException"/> for an unknown or empty id.</summary>
    public static TimeZoneInfo Resolve(string? id)
    {
        if (TryResolve(id, out var zone, out var error))
        {
            return zone;
        }

        throw new UnknownTimeZoneException(error);
    }

    public static bool TryResolve(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        zone = null;
        error = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            error = Explain("(empty)");
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = Explain(id);
            return false;
        }
    }

    private static string Explain(string id) =>
        $"'{id}' is not a known time zone. Use an IANA tz database id in the form Continent/City, e.g. Europe/Berlin, " +
        "America/New_York or Asia/Kolkata (the full list: https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).";
}

/// <summary>A time zone id that is not in the tz database; the message says how to find a valid one.</summary>
public sealed class UnknownTimeZoneException(string message) : ArgumentException(message);
