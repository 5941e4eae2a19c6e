namespace StatusBot.Core.CheckIns;

/// <summary>
/// What the command layer may ask of the check-in engine. Authorization is checked by the caller
/// (the command layer); these operations only enforce the engine's own rules.
/// </summary>
public interface ICheckInOperations
{
    /// <summary>Opens this week's cycle for the team now (if not open already) and prompts its members.</summary>
    Task<CycleStartResult> StartNowAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Queues a reminder to every member of the team's open cycle who has not answered; returns how many.</summary>
    Task<int> RemindNowAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Re-syncs the scheduler after a team's schedule was created, moved, paused, resumed or deleted.</summary>
    Task ScheduleChangedAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Re-syncs the scheduler after a program's digest slot changed.</summary>
    Task DigestScheduleChangedAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Stores an answer (and its blockers and dependency updates); the caller replies with the confirmation.</summary>
    Task<AnswerOutcome> RecordAnswerAsync(AnswerSubmission submission, CancellationToken cancellationToken);
}

/// <param name="Opened">False when the week's cycle was already open (nobody is prompted twice).</param>
public sealed record CycleStartResult(CheckInCycle Cycle, bool Opened, int Prompted);

/// <summary>An answer as a person gave it, from a form or a plain-text reply.</summary>
/// <param name="CycleId">The cycle answered, or null for "the person's most recent cycle of <paramref name="TeamId"/> (or of their only team)".</param>
public sealed record AnswerSubmission(
    string PersonIdentity,
    long? CycleId,
    long? TeamId,
    CheckInStatus Status,
    string Progress,
    string Next,
    IReadOnlyList<string> NewBlockers,
    IReadOnlyList<long> ResolvedBlockerIds,
    IReadOnlyList<DependencyUpdate> DependencyUpdates,
    string? Note = null);

/// <summary>A provider's update to a dependency it owes: a new ETA, or delivered.</summary>
public sealed record DependencyUpdate(long DependencyId, DateOnly? NewEta, bool Delivered);

public abstract record AnswerOutcome
{
    public sealed record Recorded(Answer Answer, bool Edited) : AnswerOutcome
    {
        /// <summary>The blockers this answer resolved (those already resolved by someone else are left out).</summary>
        public IReadOnlyList<Blockers.Blocker> Resolved { get; init; } = [];
    }

    /// <summary>Nothing was stored; <see cref="Reason"/> says why in words for the person.</summary>
    public sealed record Refused(string Reason) : AnswerOutcome;
}
