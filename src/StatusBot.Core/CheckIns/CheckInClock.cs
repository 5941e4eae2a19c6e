namespace StatusBot.Core.CheckIns;

/// <summary>
/// Week and slot arithmetic for check-ins, in the team's IANA zone and DST-correct.
/// </summary>
/// <remarks>
/// <para>A wall-clock time that does not exist on a day (it falls in a spring-forward gap, e.g. 02:30 on
/// the day New York jumps from 02:00 to 03:00) moves forward to the first instant that exists, the end of
/// the gap (03:00 local). A time that happens twice (autumn fall-back) takes the first occurrence, while
/// daylight time is still in force, so a team is never prompted an hour late.</para>
/// <para>The answer window and reminder offset are elapsed time: a 24-hour window that spans a DST change
/// still gives people 24 real hours.</para>
/// <para>The week of a slot is the Monday of the ISO week that holds the slot's local date.</para>
/// </remarks>
public static class CheckInClock
{
    /// <summary>The slot of the given schedule that opens at or after <paramref name="from"/>.</summary>
    public static CheckInSlot NextSlot(CheckInSchedule schedule, DateTimeOffset from)
    {
        var zone = TimeZones.Resolve(schedule.TimeZone);
        var monday = MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime));

        // The slot of the previous week can still lie ahead when the zone is far east of UTC; try it first.
        for (var week = -1; week <= 2; week++)
        {
            var slot = SlotOfWeek(schedule, zone, monday.AddDays(7 * week));
            if (slot.OpensAt >= from)
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"No check-in slot found after {from:O} for {schedule.TimeZone}");
    }

    /// <summary>The most recent slot that opened at or before <paramref name="at"/>.</summary>
    public static CheckInSlot PreviousSlot(CheckInSchedule schedule, DateTimeOffset at)
    {
        var zone = TimeZones.Resolve(schedule.TimeZone);
        var monday = MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));
        for (var week = 1; week >= -2; week--)
        {
            var slot = SlotOfWeek(schedule, zone, monday.AddDays(7 * week));
            if (slot.OpensAt <= at)
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"No check-in slot found before {at:O} for {schedule.TimeZone}");
    }

    /// <summary>The slot of the schedule in the ISO week starting on <paramref name="weekOf"/> (a Monday).</summary>
    public static CheckInSlot SlotOfWeek(CheckInSchedule schedule, DateOnly weekOf) =>
        SlotOfWeek(schedule, TimeZones.Resolve(schedule.TimeZone), MondayOf(weekOf));

    /// <summary>A slot that opens right now (a "start now" or a missed slot caught up), keeping the full answer window.</summary>
    public static CheckInSlot StartingAt(CheckInSchedule schedule, DateTimeOffset now)
    {
        var zone = TimeZones.Resolve(schedule.TimeZone);
        return Slot(schedule, WeekOf(zone, now), now);
    }

    /// <summary>The Monday of the ISO week that holds <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly WeekOf(TimeZoneInfo zone, DateTimeOffset instant) =>
        MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>The Monday of the ISO week that holds <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// The UTC instant of a local wall-clock time: a time in a DST gap moves forward to the end of the gap;
    /// an ambiguous time takes its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Walk forward to the first wall-clock minute that exists: that is the instant the gap ends.
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            local = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max() // the larger offset is the earlier instant
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static CheckInSlot SlotOfWeek(CheckInSchedule schedule, TimeZoneInfo zone, DateOnly monday)
    {
        var day = monday.AddDays(((int)schedule.Day + 6) % 7);
        var opensAt = ToInstant(day.ToDateTime(schedule.LocalTime), zone);
        return Slot(schedule, monday, opensAt);
    }

    private static CheckInSlot Slot(CheckInSchedule schedule, DateOnly weekOf, DateTimeOffset opensAt)
    {
        var closesAt = opensAt + schedule.AnswerWindow;
        var remindAt = closesAt - schedule.ReminderOffset;
        return new CheckInSlot(weekOf, opensAt, remindAt < opensAt ? opensAt : remindAt, closesAt);
    }
}

/// <summary>One firing of a team's schedule: the week it belongs to and its open, remind and close instants (UTC).</summary>
public sealed record CheckInSlot(DateOnly WeekOf, DateTimeOffset OpensAt, DateTimeOffset RemindAt, DateTimeOffset ClosesAt)
{
    /// <summary>The same week's slot opening at <paramref name="now"/> instead, with its full window and reminder offset kept.</summary>
    public CheckInSlot ShiftedTo(DateTimeOffset now)
    {
        var shift = now - OpensAt;
        return this with { OpensAt = now, RemindAt = RemindAt + shift, ClosesAt = ClosesAt + shift };
    }
}
