namespace StatusBot.Core.Dependencies;

/// <summary>One change of a dependency's ETA: who moved it, when, from what to what.</summary>
public sealed record EtaChange
{
    public long Id { get; init; }
    public required long DependencyId { get; init; }
    public DateOnly? FromEta { get; init; }
    public DateOnly? ToEta { get; init; }
    public required long ChangedByPersonId { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
