namespace StatusBot.Core.Blockers;

/// <summary>
/// How many cycles a blocker has stayed open: the team's cycles from the week it was opened up to the week asked
/// about, counting the first. Never less than the stored <see cref="Blocker.CyclesOpen"/> (the check-in engine's
/// own count), so a week the team skipped does not make a blocker look younger than it was recorded.
/// </summary>
public static class BlockerAge
{
    public static int CyclesOpen(Blocker blocker, IEnumerable<DateOnly> teamCycleWeeks, DateOnly weekOf)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        ArgumentNullException.ThrowIfNull(teamCycleWeeks);
        var openedWeek = MondayOf(DateOnly.FromDateTime(blocker.OpenedAt.UtcDateTime));
        var counted = teamCycleWeeks.Count(w => w >= openedWeek && w <= weekOf);
        return Math.Max(blocker.CyclesOpen, counted);
    }

    public static bool IsEscalated(int cyclesOpen, BlockerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return cyclesOpen >= options.EscalateAfterCycles;
    }

    /// <summary>Raised during the week of <paramref name="weekOf"/> (Monday to Sunday, UTC).</summary>
    public static bool IsNew(Blocker blocker, DateOnly weekOf)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        return MondayOf(DateOnly.FromDateTime(blocker.OpenedAt.UtcDateTime)) == weekOf;
    }

    /// <summary>The Monday of the ISO week containing <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
