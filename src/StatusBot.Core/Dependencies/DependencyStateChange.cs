namespace StatusBot.Core.Dependencies;

/// <summary>
/// One change of a dependency's evaluated state, recorded at the <see cref="DependencyVersion"/> the change produced.
/// The store keeps at most one change per (dependency, version) and the notification of a change is keyed on that
/// pair, so the same change is recorded and announced once however many evaluations race.
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

    /// <summary>The dependency's <see cref="Dependency.Version"/> written with this state (null for changes stored before versions).</summary>
    public long? DependencyVersion { get; init; }

    /// <summary>
    /// When its notices were queued: in the same transaction for a command, the digest or the daily scan; null while an
    /// answer's change waits for <see cref="EvaluateDependencies.AnnouncePendingAsync(CancellationToken)"/> (queued durably
    /// with the answer, announced right after it commits, so the answer does not read the whole program).
    /// </summary>
    public DateTimeOffset? AnnouncedAt { get; init; }
}
