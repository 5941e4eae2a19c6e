namespace StatusBot.Core.Dependencies;

/// <summary>
/// One change of a dependency's evaluated state. Its <see cref="Id"/> is the change's sequence: the
/// notification of a change is keyed on it, so the same change is never announced twice.
/// </summary>
public sealed record DependencyStateChange
{
    public long Id { get; init; }
    public required long DependencyId { get; init; }
    public required DependencyState FromState { get; init; }
    public required DependencyState ToState { get; init; }
    public int SlipDays { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
