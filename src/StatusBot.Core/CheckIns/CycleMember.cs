namespace StatusBot.Core.CheckIns;

/// <summary>Who a cycle asks: the snapshot taken when it opened, so later team changes do not rewrite history.</summary>
public sealed record CycleMember
{
    public required long CycleId { get; init; }
    public required long PersonId { get; init; }
    public DateTimeOffset? PromptedAt { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }
}
