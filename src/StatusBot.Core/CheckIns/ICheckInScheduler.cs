namespace StatusBot.Core.CheckIns;

/// <summary>
/// The scheduler as the check-in engine sees it (Hangfire in the host). The bot's own tables are the source of
/// truth; these calls only ask the scheduler to bring its triggers in line with them. Every call is idempotent.
/// </summary>
public interface ICheckInScheduler
{
    /// <summary>A cycle opened: make sure its reminder and close fire at <see cref="CheckInCycle.RemindAt"/> and <see cref="CheckInCycle.ClosesAt"/>.</summary>
    Task CycleOpenedAsync(CheckInCycle cycle, CancellationToken cancellationToken);

    /// <summary>A team's schedule was created, moved, paused, resumed or deleted (or the team was).</summary>
    Task TeamChangedAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>A program's digest slot was set, moved or cleared (or the program was deleted).</summary>
    Task ProgramChangedAsync(long programId, CancellationToken cancellationToken);
}

/// <summary>For hosts without a scheduler (tools, tests of the engine alone): nothing fires by itself.</summary>
public sealed class NoCheckInScheduler : ICheckInScheduler
{
    public Task CycleOpenedAsync(CheckInCycle cycle, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TeamChangedAsync(long teamId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ProgramChangedAsync(long programId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The engine refused an operation (team paused, week skipped, nothing open…); the message is for the person who asked.</summary>
public sealed class CheckInRefusedException(string message) : InvalidOperationException(message);
