namespace StatusBot.Core.Risks;

/// <summary>An entry of the program's risk register; <see cref="Score"/> = probability × impact (1–25).</summary>
public sealed record Risk
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required string Title { get; init; }
    public required int Probability { get; init; }
    public required int Impact { get; init; }
    public long? OwnerPersonId { get; init; }
    public string? Mitigation { get; init; }
    public RiskState State { get; init; } = RiskState.Open;
    public DateOnly? ReviewDate { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    public int Score => Probability * Impact;

    /// <summary>Probability and impact are each rated 1 to 5.</summary>
    public static bool IsValidRating(int rating) => rating is >= 1 and <= 5;
}

public enum RiskState
{
    Open,
    Closed,
}
