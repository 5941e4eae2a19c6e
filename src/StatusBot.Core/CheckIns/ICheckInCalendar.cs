namespace StatusBot.Core.CheckIns;

/// <summary>
/// Where the scheduler gets slot instants from. The real one is <see cref="ZoneCheckInCalendar"/> (weekly, in the
/// team's zone); a test can compress weeks into seconds to drive a real clustered scheduler through many slots.
/// </summary>
public interface ICheckInCalendar
{
    /// <summary>The first slot that opens strictly after <paramref name="after"/>.</summary>
    CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after);

    /// <summary>The latest slot that opened at or before <paramref name="at"/>.</summary>
    CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at);

    /// <summary>The program's next digest instant strictly after <paramref name="after"/>, with its week.</summary>
    CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after);
}

/// <summary>The weekly calendar of <see cref="CheckInClock"/>: DST-correct, in each team's IANA zone.</summary>
public sealed class ZoneCheckInCalendar : ICheckInCalendar
{
    public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) => CheckInClock.NextSlot(schedule, after.AddTicks(1));

    public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) => CheckInClock.PreviousSlot(schedule, at);

    public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) =>
        CheckInClock.NextSlot(
            new CheckInSchedule { TeamId = 0, Day = slot.Day, LocalTime = slot.LocalTime, TimeZone = slot.TimeZone, WindowMinutes = 0, ReminderMinutesBeforeClose = 0 },
            after.AddTicks(1));
}
