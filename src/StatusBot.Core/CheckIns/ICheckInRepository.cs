namespace StatusBot.Core.CheckIns;

public interface ICheckInRepository
{
    /// <summary>
    /// Opens the cycle for (team, week) unless one exists; returns the stored cycle and whether this call created it.
    /// This is what makes opening a cycle idempotent across scheduler instances.
    /// </summary>
    Task<(CheckInCycle Cycle, bool Created)> OpenCycleAsync(CheckInCycle cycle, CancellationToken cancellationToken);

    Task<CheckInCycle?> GetCycleAsync(long id, CancellationToken cancellationToken);
    Task<CheckInCycle?> FindCycleAsync(long teamId, DateOnly weekOf, CancellationToken cancellationToken);
    Task<IReadOnlyList<CheckInCycle>> ListCyclesAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Marks an open cycle closed; false if it was already closed.</summary>
    Task<bool> CloseCycleAsync(long cycleId, DateTimeOffset closedAt, CancellationToken cancellationToken);

    Task AddCycleMembersAsync(long cycleId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken);
    Task<IReadOnlyList<CycleMember>> ListCycleMembersAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>Stores a person's answer, keeping the previous one as a revision; returns what is now current.</summary>
    Task<Answer> SaveAnswerAsync(Answer answer, CancellationToken cancellationToken);

    Task<Answer?> GetAnswerAsync(long cycleId, long personId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Answer>> ListAnswersAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>Every revision of a person's answer, oldest first, the current one last.</summary>
    Task<IReadOnlyList<Answer>> ListAnswerRevisionsAsync(long cycleId, long personId, CancellationToken cancellationToken);
}
