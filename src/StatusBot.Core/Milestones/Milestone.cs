namespace StatusBot.Core.Milestones;

/// <summary>A dated program goal that deliveries feed; a slip that reaches it puts its date at risk.</summary>
public sealed record Milestone
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required string Name { get; init; }

    /// <summary>The date it is planned for now (moved with <c>milestone date</c>, history in <see cref="MilestoneDateChange"/>).</summary>
    public required DateOnly DueDate { get; init; }

    /// <summary>The date first promised; the store fills it with <see cref="DueDate"/> when the milestone is added without one.</summary>
    public DateOnly? OriginalDueDate { get; init; }

    /// <summary>When a TPM marked it reached (<c>milestone done</c>); a reached milestone has no critical path any more.</summary>
    public DateTimeOffset? ReachedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One move of a milestone's date, who moved it and when.</summary>
public sealed record MilestoneDateChange
{
    public long Id { get; init; }
    public required long MilestoneId { get; init; }
    public required DateOnly FromDate { get; init; }
    public required DateOnly ToDate { get; init; }
    public required long ChangedByPersonId { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
