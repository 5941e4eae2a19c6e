namespace StatusBot.Core.CheckIns;

/// <summary>A person's current answer to one cycle. Edits bump <see cref="Revision"/>; earlier revisions are kept.</summary>
public sealed record Answer
{
    public long Id { get; init; }
    public required long CycleId { get; init; }
    public required long PersonId { get; init; }
    public required CheckInStatus Status { get; init; }
    public string Progress { get; init; } = string.Empty;
    public string Next { get; init; } = string.Empty;
    public string? Note { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Submitted after the cycle closed (kept, but marked).</summary>
    public bool IsLate { get; init; }

    public int Revision { get; init; } = 1;
}
