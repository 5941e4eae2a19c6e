namespace StatusBot.Core.Teams;

/// <summary>
/// The recorded history a team's delete takes with it (the schema cascades from <c>teams</c>): its check-in weeks with
/// their answers, its blockers (open or resolved) and every dependency it provides or consumes (with their ETA and state
/// changes and links). Members, schedule and skipped weeks go too, but they are set-up, not history.
/// </summary>
public sealed record TeamHistory
{
    /// <summary>Check-in cycles (one per week the team was asked).</summary>
    public required int Weeks { get; init; }

    public required int Answers { get; init; }

    public required int Blockers { get; init; }

    /// <summary>The dependencies the team provides or consumes, by id.</summary>
    public IReadOnlyList<long> DependencyIds { get; init; } = [];

    public bool IsEmpty => Weeks == 0 && Answers == 0 && Blockers == 0 && DependencyIds.Count == 0;
}
