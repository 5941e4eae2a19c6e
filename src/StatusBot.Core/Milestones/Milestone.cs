namespace StatusBot.Core.Milestones;

/// <summary>A dated program goal that deliveries feed; a slip that reaches it puts its date at risk.</summary>
public sealed record Milestone
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required string Name { get; init; }
    public required DateOnly DueDate { get; init; }
    public DateTimeOffset? ReachedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
