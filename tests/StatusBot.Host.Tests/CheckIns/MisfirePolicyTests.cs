using StatusBot.Core.CheckIns;
using StatusBot.Scheduling.CheckIns;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class MisfirePolicyTests
{
    private static readonly CheckInSchedule Schedule = new()
    {
        TeamId = 1,
        Day = DayOfWeek.Monday,
        LocalTime = new TimeOnly(9, 0),
        TimeZone = "Europe/Berlin",
        WindowMinutes = 24 * 60,
        ReminderMinutesBeforeClose = 4 * 60,
    };

    private static readonly ZoneCheckInCalendar Calendar = new();
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromMinutes(5);

    // Monday 2026-11-02 09:00 in Berlin is 08:00 UTC.
    private static readonly PlannedSlot Planned = new(HangfireCheckInScheduler.SpecOf(Schedule), CheckInClock.SlotOfWeek(Schedule, new DateOnly(2026, 11, 2)));

    [Fact]
    public void An_on_time_fire_opens_the_planned_slot_as_planned()
    {
        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, Planned.Slot.OpensAt.AddSeconds(2), CatchUpAfter);

        Assert.Equal(Planned.Slot, slot);
    }

    [Fact]
    public void A_job_that_reads_the_clock_a_moment_before_its_slot_opens_its_own_week_not_last_weeks()
    {
        // The job waited for its due time, but the timer fired a millisecond before the wall clock got there: taking
        // "the latest slot that has started" would pick last week (already open, a no-op) and the team would skip a week.
        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, Planned.Slot.OpensAt.AddMilliseconds(-1), CatchUpAfter);

        Assert.Equal(Planned.Slot, slot);
    }

    [Fact]
    public void A_run_ahead_of_next_weeks_planned_slot_opens_the_slot_that_has_started_not_next_week()
    {
        // The job planned for 2026-11-09 is run days early (an operator's "enqueue now" on the dashboard).
        var next = new PlannedSlot(HangfireCheckInScheduler.SpecOf(Schedule), CheckInClock.SlotOfWeek(Schedule, new DateOnly(2026, 11, 9)));

        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, next, Planned.Slot.OpensAt.AddSeconds(20), CatchUpAfter);

        Assert.Equal(Planned.Slot, slot);
    }

    [Fact]
    public void A_job_run_its_open_ahead_before_the_slot_opens_that_slot_and_an_earlier_run_the_slot_that_has_started()
    {
        var ahead = TimeSpan.FromMinutes(1);

        // Run at its due time, a minute before the slot (Scheduling:OpenAhead): the planned slot, its window unchanged.
        Assert.Equal(Planned.Slot, MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, Planned.Slot.OpensAt - ahead, CatchUpAfter, ahead));

        // Run beyond its lead and the tolerance (an operator's "enqueue now" ten minutes early): not this week yet.
        var early = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, Planned.Slot.OpensAt.AddMinutes(-10), CatchUpAfter, ahead);
        Assert.Equal(new DateOnly(2026, 10, 26), early.WeekOf);
    }

    [Fact]
    public void A_midnight_slot_opened_ahead_on_the_sunday_before_is_the_mondays_week_in_the_teams_zone()
    {
        // Monday 00:00 in Tokyo is Sunday 15:00 UTC; opened a minute ahead, at 23:59 on Sunday in Tokyo.
        var midnight = Schedule with { LocalTime = new TimeOnly(0, 0), TimeZone = "Asia/Tokyo" };
        var planned = new PlannedSlot(HangfireCheckInScheduler.SpecOf(midnight), CheckInClock.SlotOfWeek(midnight, new DateOnly(2026, 11, 2)));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 15, 0, 0, TimeSpan.Zero), planned.Slot.OpensAt);

        var slot = MisfirePolicy.SlotToOpen(Calendar, midnight, planned, planned.Slot.OpensAt.AddMinutes(-1), CatchUpAfter, TimeSpan.FromMinutes(1));

        Assert.Equal((new DateOnly(2026, 11, 2), planned.Slot.OpensAt), (slot.WeekOf, slot.OpensAt));
    }

    [Fact]
    public void A_fire_within_the_tolerance_keeps_the_planned_window()
    {
        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, Planned.Slot.OpensAt.AddMinutes(4), CatchUpAfter);

        Assert.Equal(Planned.Slot, slot);
    }

    [Fact]
    public void A_slot_missed_by_hours_opens_now_with_the_full_answer_window()
    {
        var now = Planned.Slot.OpensAt.AddHours(30);

        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, now, CatchUpAfter);

        Assert.Equal(new CheckInSlot(new DateOnly(2026, 11, 2), now, now.AddHours(20), now.AddHours(24)), slot);
    }

    [Fact]
    public void Three_missed_weeks_open_only_the_latest_week_once()
    {
        // Every instance was down from before 2026-11-02 until Wednesday 2026-11-18.
        var now = new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

        var slot = MisfirePolicy.SlotToOpen(Calendar, Schedule, Planned, now, CatchUpAfter);

        Assert.Equal(new CheckInSlot(new DateOnly(2026, 11, 16), now, now.AddHours(20), now.AddHours(24)), slot);
    }

    [Fact]
    public void A_job_planned_from_an_older_schedule_opens_the_latest_slot_of_the_current_one()
    {
        var moved = Schedule with { Day = DayOfWeek.Tuesday };
        var now = new DateTimeOffset(2026, 11, 3, 8, 1, 0, TimeSpan.Zero);

        var slot = MisfirePolicy.SlotToOpen(Calendar, moved, Planned, now, CatchUpAfter);

        Assert.Equal(CheckInClock.SlotOfWeek(moved, new DateOnly(2026, 11, 2)), slot);
    }
}
