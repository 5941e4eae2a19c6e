namespace StatusBot.Core.Decisions;

/// <summary>Which decisions belong to a week's digest.</summary>
public static class DecisionLog
{
    /// <summary>Decisions taken from Monday 00:00 UTC of <paramref name="weekOf"/> up to the next Monday, oldest first.</summary>
    public static IReadOnlyList<Decision> OfWeek(IEnumerable<Decision> decisions, DateOnly weekOf)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var start = new DateTimeOffset(weekOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(7);
        return decisions.Where(d => d.DecidedAt >= start && d.DecidedAt < end).OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).ToList();
    }
}
