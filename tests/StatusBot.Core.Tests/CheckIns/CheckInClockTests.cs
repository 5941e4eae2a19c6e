using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Tests.CheckIns;

public sealed class CheckInClockTests
{
    private static CheckInSchedule Schedule(string zone, DayOfWeek day = DayOfWeek.Monday, int hour = 9, int minute = 0) => new()
    {
        TeamId = 1,
        Day = day,
        LocalTime = new TimeOnly(hour, minute),
        TimeZone = zone,
        WindowMinutes = 24 * 60,
        ReminderMinutesBeforeClose = 4 * 60,
    };

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    // Before and after the spring change (2026-03-08): EST -5, then EDT -4.
    [InlineData("2026-02-27T12:00:00Z", "2026-03-02T14:00:00Z", "2026-03-02")]
    [InlineData("2026-03-06T12:00:00Z", "2026-03-09T13:00:00Z", "2026-03-09")]
    // Before and after the autumn change (2026-11-01): EDT -4, then EST -5.
    [InlineData("2026-10-23T12:00:00Z", "2026-10-26T13:00:00Z", "2026-10-26")]
    [InlineData("2026-10-30T12:00:00Z", "2026-11-02T14:00:00Z", "2026-11-02")]
    public void New_York_team_is_prompted_at_nine_local_on_both_sides_of_both_DST_changes(string from, string expectedOpen, string expectedWeek)
    {
        var slot = CheckInClock.NextSlot(Schedule("America/New_York"), DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expectedOpen, System.Globalization.CultureInfo.InvariantCulture), slot.OpensAt);
        Assert.Equal(DateOnly.Parse(expectedWeek, System.Globalization.CultureInfo.InvariantCulture), slot.WeekOf);
        var local = TimeZoneInfo.ConvertTime(slot.OpensAt, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((DayOfWeek.Monday, 9, 0), (local.DayOfWeek, local.Hour, local.Minute));
    }

    [Fact]
    public void Weekly_slots_across_a_DST_change_stay_at_nine_local_not_at_a_fixed_UTC_hour()
    {
        var schedule = Schedule("America/New_York");
        var first = CheckInClock.NextSlot(schedule, Utc(2026, 3, 1, 0));
        var second = CheckInClock.NextSlot(schedule, first.OpensAt.AddTicks(1));

        Assert.Equal(Utc(2026, 3, 2, 14), first.OpensAt);
        Assert.Equal(Utc(2026, 3, 9, 13), second.OpensAt);
        Assert.Equal(TimeSpan.FromHours(167), second.OpensAt - first.OpensAt);
    }

    [Theory]
    // Lord Howe shifts by 30 minutes: +11:00 in summer, +10:30 in winter (change on 2026-04-05 and 2026-10-04).
    [InlineData("2026-03-27T00:00:00Z", "2026-03-29T22:00:00Z", "2026-03-30")]
    [InlineData("2026-04-03T00:00:00Z", "2026-04-05T22:30:00Z", "2026-04-06")]
    [InlineData("2026-09-25T00:00:00Z", "2026-09-27T22:30:00Z", "2026-09-28")]
    [InlineData("2026-10-02T00:00:00Z", "2026-10-04T22:00:00Z", "2026-10-05")]
    public void Lord_Howe_half_hour_DST_shift_keeps_nine_local(string from, string expectedOpen, string expectedWeek)
    {
        var slot = CheckInClock.NextSlot(Schedule("Australia/Lord_Howe"), DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expectedOpen, System.Globalization.CultureInfo.InvariantCulture), slot.OpensAt);
        Assert.Equal(DateOnly.Parse(expectedWeek, System.Globalization.CultureInfo.InvariantCulture), slot.WeekOf);
    }

    [Fact]
    public void Zone_without_DST_fires_at_the_same_UTC_time_all_year()
    {
        var schedule = Schedule("Asia/Kolkata");
        var winter = CheckInClock.NextSlot(schedule, Utc(2026, 1, 1, 0));
        var summer = CheckInClock.NextSlot(schedule, Utc(2026, 7, 1, 0));

        Assert.Equal(Utc(2026, 1, 5, 3, 30), winter.OpensAt);
        Assert.Equal(Utc(2026, 7, 6, 3, 30), summer.OpensAt);
        Assert.Equal(new DateOnly(2026, 7, 6), summer.WeekOf);
    }

    [Fact]
    public void Week_of_is_the_Monday_in_the_team_zone_even_when_UTC_is_still_on_Sunday()
    {
        // Monday 01:00 in Kolkata is Sunday 19:30 UTC.
        var slot = CheckInClock.NextSlot(Schedule("Asia/Kolkata", hour: 1), Utc(2026, 11, 20, 0));

        Assert.Equal(Utc(2026, 11, 22, 19, 30), slot.OpensAt);
        Assert.Equal(new DateOnly(2026, 11, 23), slot.WeekOf);
    }

    [Fact]
    public void A_local_time_in_the_spring_gap_moves_forward_to_the_end_of_the_gap()
    {
        // 2026-03-08 02:30 does not exist in New York (02:00 jumps to 03:00 EDT = 07:00 UTC).
        var slot = CheckInClock.NextSlot(Schedule("America/New_York", DayOfWeek.Sunday, 2, 30), Utc(2026, 3, 7, 0));

        Assert.Equal(Utc(2026, 3, 8, 7), slot.OpensAt);
    }

    [Fact]
    public void An_ambiguous_local_time_takes_its_first_occurrence()
    {
        // 2026-11-01 01:30 happens twice in New York; the first is still EDT (-4).
        var slot = CheckInClock.NextSlot(Schedule("America/New_York", DayOfWeek.Sunday, 1, 30), Utc(2026, 10, 31, 0));

        Assert.Equal(Utc(2026, 11, 1, 5, 30), slot.OpensAt);
    }

    [Fact]
    public void Remind_and_close_are_elapsed_time_from_the_open()
    {
        var slot = CheckInClock.NextSlot(Schedule("America/New_York", DayOfWeek.Saturday, 9), Utc(2026, 3, 6, 0));

        // Opens Saturday 09:00 EST; the 24 h window runs across the DST change and closes after 24 real hours.
        Assert.Equal(Utc(2026, 3, 7, 14), slot.OpensAt);
        Assert.Equal(Utc(2026, 3, 8, 14), slot.ClosesAt);
        Assert.Equal(Utc(2026, 3, 8, 10), slot.RemindAt);
    }

    [Fact]
    public void Previous_slot_is_the_latest_one_not_after_the_instant()
    {
        var schedule = Schedule("Europe/Berlin");
        var slot = CheckInClock.PreviousSlot(schedule, Utc(2026, 11, 25, 12));

        Assert.Equal(Utc(2026, 11, 23, 8), slot.OpensAt);
        Assert.Equal(slot, CheckInClock.PreviousSlot(schedule, slot.OpensAt));
    }

    [Fact]
    public void A_shifted_slot_keeps_its_week_and_the_full_answer_window()
    {
        var slot = CheckInClock.NextSlot(Schedule("Europe/Berlin"), Utc(2026, 11, 20, 0));
        var late = slot.OpensAt.AddHours(30);

        var shifted = slot.ShiftedTo(late);

        Assert.Equal(slot.WeekOf, shifted.WeekOf);
        Assert.Equal(late, shifted.OpensAt);
        Assert.Equal(late.AddHours(24), shifted.ClosesAt);
        Assert.Equal(late.AddHours(20), shifted.RemindAt);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("EST5EDT6")]
    public void Invalid_zone_is_rejected_with_a_message_saying_how_to_find_a_valid_one(string zone)
    {
        var error = Assert.Throws<UnknownTimeZoneException>(() => CheckInClock.NextSlot(Schedule(zone), Utc(2026, 1, 1, 0)));

        Assert.Contains("Continent/City", error.Message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
        Assert.Contains("tz database", error.Message, StringComparison.Ordinal);
    }
}
