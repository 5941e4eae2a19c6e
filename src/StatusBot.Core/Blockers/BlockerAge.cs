namespace StatusBot.Core.Blockers;

/// <summary>
/// How many cycles a blocker has stayed open: the team's cycles from the week it was opened up to the week asked
/// about, counting the first. Never less than the stored <see cref="Blocker.CyclesOpen"/> (the check-in engine's
/// own count), so a week the team skipped does not make a blocker look younger than it was recorded.
/// </summary>
/// <remarks>
/// Weeks are the team's own: its cycles are keyed by the Monday of the week in its schedule's zone, so the week a
/// blocker was raised in is taken in that zone too (pass it as <c>teamZone</c>). In UTC, a blocker raised at a
/// Monday-morning check-in in Kiritimati (UTC+14) would fall in the previous UTC week and look two check-ins old at once.
/// </remarks>
public static class BlockerAge
{
    public static int CyclesOpen(Blocker blocker, IEnumerable<DateOnly> teamCycleWeeks, DateOnly weekOf, TimeZoneInfo? teamZone = null)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        ArgumentNullException.ThrowIfNull(teamCycleWeeks);
        var openedWeek = OpenedWeek(blocker, teamZone);
        var counted = teamCycleWeeks.Count(w => w >= openedWeek && w <= weekOf);
        return Math.Max(blocker.CyclesOpen, counted);
    }

    public static bool IsEscalated(int cyclesOpen, BlockerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return cyclesOpen >= options.EscalateAfterCycles;
    }

    /// <summary>Raised during the week of <paramref name="weekOf"/> (Monday to Sunday in the team's zone).</summary>
    public static bool IsNew(Blocker blocker, DateOnly weekOf, TimeZoneInfo? teamZone = null)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        return OpenedWeek(blocker, teamZone) == weekOf;
    }

    /// <summary>The Monday of the team-local week the blocker was raised in.</summary>
    public static DateOnly OpenedWeek(Blocker blocker, TimeZoneInfo? teamZone)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        return CheckIns.CheckInClock.WeekOf(teamZone ?? TimeZoneInfo.Utc, blocker.OpenedAt);
    }

    /// <summary>The Monday of the ISO week containing <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
