namespace StatusBot.Core.Dependencies;

/// <summary>
/// "Consumer team needs <see cref="What"/> from provider team by <see cref="NeedBy"/>". The provider's
/// <see cref="Eta"/> changes over time (history in <see cref="EtaChange"/>); <see cref="State"/> is re-evaluated
/// on every answer, every change, and daily.
/// </summary>
public sealed record Dependency
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required long ConsumerTeamId { get; init; }
    public required long ProviderTeamId { get; init; }
    public required string What { get; init; }
    public required DateOnly NeedBy { get; init; }
    public DateOnly? Eta { get; init; }

    /// <summary>The milestone this delivery feeds, if any.</summary>
    public long? MilestoneId { get; init; }

    /// <summary>The consumer's own deliverable that needs this one (an edge of the dependency graph), if any.</summary>
    public long? FeedsDependencyId { get; init; }

    public DependencyState State { get; init; } = DependencyState.OnTime;

    /// <summary>Days late (need-by passed, or ETA after need-by) when <see cref="State"/> is slipped.</summary>
    public int SlipDays { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
    public required long CreatedByPersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Rises with every stored change. An update carries the version it was read at and is refused if the row moved on
    /// since (<see cref="Storage.ConcurrencyConflictException"/>), so no change is written over one it did not see.
    /// </summary>
    public long Version { get; init; }
}

public enum DependencyState
{
    OnTime,
    AtRisk,
    Slipped,
    Delivered,
    Dropped,
}
