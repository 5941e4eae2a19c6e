namespace StatusBot.Core.CheckIns;

/// <summary>
/// The scheduler as the check-in engine sees it (Hangfire in the host). The bot's own tables are the source of
/// truth; these calls only ask the scheduler to bring its triggers in line with them. Every call is idempotent.
/// </summary>
public interface ICheckInScheduler
{
    /// <summary>
    /// Cycles opened (one team's, or a whole slot's in one call): make sure each one's reminder and close fire at its
    /// <see cref="CheckInCycle.RemindAt"/> and <see cref="CheckInCycle.ClosesAt"/>.
    /// </summary>
    Task CyclesOpenedAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken);

    /// <summary>A team's schedule was created, moved, paused, resumed or deleted (or the team was).</summary>
    Task TeamChangedAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>A program's digest slot was set, moved or cleared (or the program was deleted).</summary>
    Task ProgramChangedAsync(long programId, CancellationToken cancellationToken);
}

/// <summary>For hosts without a scheduler (tools, tests of the engine alone): nothing fires by itself.</summary>
public sealed class NoCheckInScheduler : ICheckInScheduler
{
    public Task CyclesOpenedAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TeamChangedAsync(long teamId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ProgramChangedAsync(long programId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The engine refused an operation (team paused, week skipped, nothing open…); the message is for the person who asked.</summary>
public sealed class CheckInRefusedException(string message) : InvalidOperationException(message);
