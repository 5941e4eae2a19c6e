using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace StatusBot.Data;

/// <summary>
/// Makes PostgreSQL and SQLite round-trip the same values. SQLite has no date types, so instants are
/// stored as fixed-width UTC ISO-8601 text (which sorts like time) and dates as <c>yyyy-MM-dd</c>.
/// Both stores keep microseconds, so instants are truncated to PostgreSQL's precision on the way in.
/// </summary>
internal static class DapperTypeHandlers
{
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
        {
            return;
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new DateHandler());
        SqlMapper.RemoveTypeMap(typeof(TimeOnly));
        SqlMapper.RemoveTypeMap(typeof(TimeOnly?));
        SqlMapper.AddTypeHandler(new LocalTimeHandler());
        SqlMapper.AddTypeHandler(new ArrayHandler<long>());
        SqlMapper.AddTypeHandler(new ArrayHandler<string>());
    }

    private static readonly InstantHandler s_instant = new();
    private static readonly DateHandler s_date = new();
    private static readonly LocalTimeHandler s_localTime = new();

    /// <summary>Sets a plain ADO.NET parameter exactly as Dapper would through these handlers (for re-bound, batched statements).</summary>
    public static void Bind(IDbDataParameter parameter, object? value)
    {
        switch (value)
        {
            case null:
                parameter.Value = DBNull.Value;
                break;
            case DateTimeOffset instant:
                s_instant.SetValue(parameter, instant);
                break;
            case DateOnly date:
                s_date.SetValue(parameter, date);
                break;
            case TimeOnly localTime:
                s_localTime.SetValue(parameter, localTime);
                break;
            default:
                parameter.Value = value;
                break;
        }
    }

    private const string StoredInstant = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    // The last instant formatted on this thread: a bulk insert binds the same "now" to thousands of rows.
    [ThreadStatic]
    private static (long UtcTicks, string Text)? t_lastInstant;

    /// <summary>An instant as SQLite stores it: fixed-width UTC text to the microsecond.</summary>
    public static string SqliteInstant(DateTimeOffset value)
    {
        var utc = TruncateToMicroseconds(value);
        if (t_lastInstant is { } last && last.UtcTicks == utc.UtcTicks)
        {
            return last.Text;
        }

        var text = utc.UtcDateTime.ToString(StoredInstant, CultureInfo.InvariantCulture);
        t_lastInstant = (utc.UtcTicks, text);
        return text;
    }

    /// <summary>
    /// Reads an instant in the form <see cref="SqliteInstant"/> writes without the general parser (a round reads thousands
    /// of people rows); false for any other form, which the general parser then reads.
    /// </summary>
    internal static bool TryParseStored(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 27 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[26] != 'Z')
        {
            return false;
        }

        int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2), hour = Digits(text, 11, 2),
            minute = Digits(text, 14, 2), second = Digits(text, 17, 2), micro = Digits(text, 20, 6);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || micro < 0)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(micro * 10L);
        return true;

        static int Digits(ReadOnlySpan<char> text, int start, int count)
        {
            var number = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9)
                {
                    return -1;
                }

                number = (number * 10) + digit;
            }

            return number;
        }
    }

    /// <summary>A date as SQLite stores it.</summary>
    public static string SqliteDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>An instant read as text, as the instant handler reads it.</summary>
    internal static DateTimeOffset ParseInstant(string text) => s_instant.Parse(text);

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            var utc = TruncateToMicroseconds(value);
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = SqliteInstant(utc);
            }
            else
            {
                parameter.Value = utc;
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string text when TryParseStored(text, out var stored) => stored,
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read an instant from {value.GetType().Name}"),
        };
    }

    private sealed class DateHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = SqliteDate(value);
            }
            else
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value;
            }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dt => DateOnly.FromDateTime(dt),
            string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a date from {value.GetType().Name}"),
        };
    }

    /// <summary>
    /// Arrays (<see cref="Dialects.SqlDialect.AnyOf"/>) are one parameter in both stores: a PostgreSQL array, or on SQLite a
    /// JSON array that <c>json_each</c> unpacks (instead of Dapper's expansion into one parameter per element).
    /// </summary>
    private sealed class ArrayHandler<T> : SqlMapper.TypeHandler<T[]>
    {
        public override void SetValue(IDbDataParameter parameter, T[]? value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(value);
            }
            else
            {
                parameter.Value = (object?)value ?? DBNull.Value;
            }
        }

        public override T[] Parse(object value) => value as T[] ?? throw new DataException($"Cannot read an array from {value.GetType().Name}");
    }

    /// <summary>Local wall-clock times are stored as <c>HH:mm</c> text in both stores.</summary>
    private sealed class LocalTimeHandler : SqlMapper.TypeHandler<TimeOnly>
    {
        public override void SetValue(IDbDataParameter parameter, TimeOnly value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        public override TimeOnly Parse(object value) => value switch
        {
            string text => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture),
            TimeOnly time => time,
            _ => throw new DataException($"Cannot read a local time from {value.GetType().Name}"),
        };
    }
}
