using StatusBot.Core.Storage;

namespace StatusBot.Core.Dependencies;

/// <summary>
/// Re-evaluates a program's dependencies with <see cref="SlipRules"/>, stores state changes and queues one
/// notification per change to the consumer and provider team leads and the program's TPMs (an answer's, just after it).
/// Call it after every answer and every command that changes a dependency (inside the same session, so the change,
/// the new states and the notifications commit together), and daily (<c>DailySlipScanJob</c>).
/// </summary>
public interface IDependencyEvaluator
{
    /// <summary>Evaluates inside the caller's unit of work; the caller commits.</summary>
    Task<IReadOnlyList<DependencyStateChange>> EvaluateAsync(IStoreSession session, long programId, CancellationToken cancellationToken);

    /// <summary>
    /// Evaluates only the dependencies <paramref name="providerTeamId"/> provides, inside the caller's unit of work: all an
    /// answer from that team can change (its status, its ETAs, a delivery), in a few small reads whatever the program's
    /// size. This is the one to call after every answer; the daily scan catches what time alone changes.
    /// </summary>
    Task<IReadOnlyList<DependencyStateChange>> EvaluateProvidedByAsync(IStoreSession session, long providerTeamId, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="EvaluateProvidedByAsync(IStoreSession, long, CancellationToken)"/>, for an answer just stored in the
    /// team's latest cycle: the team is the one the caller read, and that cycle is the team's latest answered one (it now
    /// has an answer), so neither is read again. The state changes are stored unannounced: their notices are queued after
    /// the answer commits (<see cref="EvaluateDependencies.AnnouncePendingAsync(CancellationToken)"/>), so an answer never
    /// reads the whole program's graph.
    /// </summary>
    Task<IReadOnlyList<DependencyStateChange>> EvaluateProvidedByAsync(IStoreSession session, Teams.Team providerTeam, long latestAnsweredCycleId, CancellationToken cancellationToken);

    /// <summary>Evaluates in a unit of work of its own and commits it.</summary>
    Task<IReadOnlyList<DependencyStateChange>> EvaluateAsync(long programId, CancellationToken cancellationToken);
}
