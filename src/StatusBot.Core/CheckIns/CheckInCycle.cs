namespace StatusBot.Core.CheckIns;

/// <summary>One team's check-in for one week: opened, members prompted, reminded, closed.</summary>
public sealed record CheckInCycle
{
    public long Id { get; init; }
    public required long TeamId { get; init; }

    /// <summary>The Monday of the ISO week in the team's zone; (team, week) is unique.</summary>
    public required DateOnly WeekOf { get; init; }

    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset RemindAt { get; init; }
    public required DateTimeOffset ClosesAt { get; init; }
    public CycleState State { get; init; } = CycleState.Open;
    public DateTimeOffset? ClosedAt { get; init; }
}

public enum CycleState
{
    Open,
    Closed,
}
