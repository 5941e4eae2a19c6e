namespace StatusBot.Core.CheckIns;

/// <summary>
/// When a team is asked for status: a weekday and local time in an IANA zone, how long answers are
/// collected, and how long before the window closes non-responders are reminded.
/// </summary>
public sealed record CheckInSchedule
{
    public required long TeamId { get; init; }
    public required DayOfWeek Day { get; init; }
    public required TimeOnly LocalTime { get; init; }
    public required string TimeZone { get; init; }
    public int WindowMinutes { get; init; } = 24 * 60;
    public int ReminderMinutesBeforeClose { get; init; } = 4 * 60;
    public DateTimeOffset UpdatedAt { get; init; }

    public TimeSpan AnswerWindow => TimeSpan.FromMinutes(WindowMinutes);
    public TimeSpan ReminderOffset => TimeSpan.FromMinutes(ReminderMinutesBeforeClose);
}
