namespace StatusBot.Core.Teams;

/// <summary>A team skips the check-in of the week containing <see cref="WeekOf"/> (a holiday, an offsite).</summary>
public sealed record SkippedWeek
{
    public required long TeamId { get; init; }

    /// <summary>The Monday of the skipped ISO week.</summary>
    public required DateOnly WeekOf { get; init; }

    public string? Reason { get; init; }
}
