namespace StatusBot.Core;

/// <summary>A weekly wall-clock moment in an IANA time zone, e.g. Monday 09:00 America/New_York.</summary>
public sealed record WeeklySlot(DayOfWeek Day, TimeOnly LocalTime, string TimeZone);
