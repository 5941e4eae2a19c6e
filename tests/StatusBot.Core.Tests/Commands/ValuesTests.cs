using StatusBot.Core.Commands.Parsing;

namespace StatusBot.Core.Tests.Commands;

public class ValuesTests
{
    [Theory]
    [InlineData("2026-12-01", true)]
    [InlineData("2028-02-29", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-1-01", false)]
    [InlineData("01/12/2026", false)]
    [InlineData("tomorrow", false)]
    public void Dates_are_strict_ISO_and_real(string text, bool valid)
    {
        Assert.Equal(valid, Values.TryDate(text, out _, out var error));
        Assert.Equal(valid, error.Length == 0);
    }

    [Theory]
    [InlineData("09:30", 9, 30)]
    [InlineData("9:30", 9, 30)]
    [InlineData("23:59", 23, 59)]
    [InlineData("00:00", 0, 0)]
    public void Times_are_24_hour_clock(string text, int hour, int minute)
    {
        Assert.True(Values.TryTime(text, out var time, out _));
        Assert.Equal(new TimeOnly(hour, minute), time);
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("9:5")]
    [InlineData("9am")]
    [InlineData("12:60")]
    [InlineData("-1:00")]
    public void Bad_times_are_refused(string text) => Assert.False(Values.TryTime(text, out _, out _));

    [Theory]
    [InlineData("monday", DayOfWeek.Monday)]
    [InlineData("Fri", DayOfWeek.Friday)]
    [InlineData("SUNDAY", DayOfWeek.Sunday)]
    public void Weekdays_accept_full_names_and_three_letters(string text, DayOfWeek day)
    {
        Assert.True(Values.TryWeekday(text, out var parsed, out _));
        Assert.Equal(day, parsed);
    }

    [Fact]
    public void Misspelled_weekday_suggests_the_closest()
    {
        Assert.False(Values.TryWeekday("wednsday", out _, out var error));
        Assert.Contains("wednesday", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("Pacific Standard Time", false)]
    [InlineData("CET", false)]
    public void Zones_must_be_known_IANA_names(string text, bool valid) => Assert.Equal(valid, Values.TryZone(text, out _, out _));

    [Theory]
    [InlineData("p1", 'p', 1)]
    [InlineData("P5", 'p', 5)]
    [InlineData("i3", 'i', 3)]
    public void Ratings_are_one_to_five(string text, char prefix, int rating)
    {
        Assert.True(Values.TryRating(text, prefix, out var parsed, out _));
        Assert.Equal(rating, parsed);
    }

    [Theory]
    [InlineData("p0", 'p')]
    [InlineData("p6", 'p')]
    [InlineData("i3", 'p')]
    [InlineData("p12", 'p')]
    public void Ratings_outside_one_to_five_are_refused(string text, char prefix) => Assert.False(Values.TryRating(text, prefix, out _, out _));

    [Theory]
    [InlineData("24h", 24)]
    [InlineData("1h", 1)]
    [InlineData("168h", 168)]
    public void Hours_are_whole_hours_with_h(string text, int hours)
    {
        Assert.True(Values.TryHours(text, 168, out var parsed, out _));
        Assert.Equal(hours, parsed);
    }

    [Theory]
    [InlineData("0h")]
    [InlineData("169h")]
    [InlineData("24")]
    [InlineData("1.5h")]
    [InlineData("h")]
    public void Bad_hours_are_refused(string text) => Assert.False(Values.TryHours(text, 168, out _, out _));

    [Theory]
    [InlineData("12", 12L)]
    [InlineData("#7", 7L)]
    public void Ids_accept_an_optional_hash(string text, long id)
    {
        Assert.True(Values.TryId(text, out var parsed, out _));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public void Bad_ids_are_refused(string text) => Assert.False(Values.TryId(text, out _, out _));

    [Fact]
    public void Suggestions_rank_typos_first()
    {
        Assert.Equal("schedule", Suggest.Closest("shedule", ["add", "schedule", "skip"], 1)[0]);
        Assert.Equal("Payments", Suggest.Closest("paymnets", ["Payments", "Platform"], 1)[0]);
        Assert.Empty(Suggest.Closest("zzzzzz", ["Payments"]));
    }
}
