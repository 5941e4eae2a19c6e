namespace StatusBot.Core.CheckIns;

public interface ICheckInRepository
{
    /// <summary>
    /// Opens the cycle for (team, week) unless one exists; returns the stored cycle and whether this call created it.
    /// This is what makes opening a cycle idempotent across scheduler instances.
    /// </summary>
    Task<(CheckInCycle Cycle, bool Created)> OpenCycleAsync(CheckInCycle cycle, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the cycles of many teams in one statement (one cycle per team), skipping every (team, week) that exists;
    /// returns the cycles this call created, as stored.
    /// </summary>
    Task<IReadOnlyList<CheckInCycle>> OpenCyclesAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken);

    Task<CheckInCycle?> GetCycleAsync(long id, CancellationToken cancellationToken);
    Task<CheckInCycle?> FindCycleAsync(long teamId, DateOnly weekOf, CancellationToken cancellationToken);
    Task<IReadOnlyList<CheckInCycle>> ListCyclesAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>The cycles of <paramref name="teamIds"/> whose week is from <paramref name="fromWeek"/> to <paramref name="toWeek"/>, both included.</summary>
    Task<IReadOnlyList<CheckInCycle>> ListCyclesAsync(IReadOnlyCollection<long> teamIds, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken);

    /// <summary>Marks an open cycle closed; false if it was already closed.</summary>
    Task<bool> CloseCycleAsync(long cycleId, DateTimeOffset closedAt, CancellationToken cancellationToken);

    /// <summary>Adds the members in a few multi-row statements (one round trip per thousands of members, not per member).</summary>
    Task AddCycleMembersAsync(long cycleId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken);

    /// <summary>
    /// Who a cycle opened on <paramref name="day"/> (the team's date) asks: the team's active members not on leave that
    /// day, by person id, in one read (members, their people rows and leave periods together).
    /// </summary>
    Task<IReadOnlyList<People.Person>> ListAskableMembersAsync(long teamId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ListAskableMembersAsync(long, DateOnly, CancellationToken)"/> for many teams at once, each with its own
    /// day, in a few reads whatever the number of teams: every listed team has an entry (empty when nobody is askable).
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<People.Person>>> ListAskableMembersAsync(IReadOnlyDictionary<long, DateOnly> dayOfTeam, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the members of freshly opened cycles with their prompt already stamped (their prompts are queued in the same
    /// unit of work), in bulk (their cycles are new: a row there already fails the call); returns how many were added.
    /// </summary>
    Task<int> AddPromptedMembersAsync(IReadOnlyList<(long CycleId, long PersonId)> members, DateTimeOffset promptedAt, CancellationToken cancellationToken);

    /// <summary>Whether the person is one of the cycle's members (was asked): one indexed read, whatever the team's size.</summary>
    Task<bool> IsCycleMemberAsync(long cycleId, long personId, CancellationToken cancellationToken);
    Task<IReadOnlyList<CycleMember>> ListCycleMembersAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a person's answer, keeping the previous one as a revision; returns what is now current. Throws
    /// <see cref="Storage.ConcurrencyConflictException"/> when another unit of work stored or edited the same answer
    /// since it was read: the caller runs its unit of work again, and the edit becomes the next revision.
    /// </summary>
    Task<Answer> SaveAnswerAsync(Answer answer, CancellationToken cancellationToken);

    /// <summary>As <see cref="SaveAnswerAsync(Answer, CancellationToken)"/>, with the person's current answer already read by the caller in this session.</summary>
    Task<Answer> SaveAnswerAsync(Answer answer, Answer? current, CancellationToken cancellationToken);

    Task<Answer?> GetAnswerAsync(long cycleId, long personId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Answer>> ListAnswersAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>The distinct statuses the cycle's current answers give (at most three indexed probes, whatever the team's size).</summary>
    Task<IReadOnlyList<CheckInStatus>> ListAnswerStatusesAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>Every revision of a person's answer, oldest first, the current one last.</summary>
    Task<IReadOnlyList<Answer>> ListAnswerRevisionsAsync(long cycleId, long personId, CancellationToken cancellationToken);
    /// <summary>Stamps that the member's prompt was queued; false if it already was (so it is queued once).</summary>
    Task<bool> MarkPromptedAsync(long cycleId, long personId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stamps every listed member whose prompt was not queued yet; returns those stamped (each is queued once).</summary>
    Task<IReadOnlySet<long>> MarkPromptedAsync(long cycleId, IReadOnlyCollection<long> personIds, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stamps that the member's reminder was queued; false if it already was (so it is queued once).</summary>
    Task<bool> MarkRemindedAsync(long cycleId, long personId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The members of a cycle who have not answered it yet.</summary>
    Task<IReadOnlyList<CycleMember>> ListUnansweredMembersAsync(long cycleId, CancellationToken cancellationToken);

    /// <summary>Every cycle still open, oldest first: the scheduler makes sure each has its reminder and close.</summary>
    Task<IReadOnlyList<CheckInCycle>> ListOpenCyclesAsync(CancellationToken cancellationToken);

    /// <summary>The team's most recent cycle (by week), or null when it never had one.</summary>
    Task<CheckInCycle?> FindLatestCycleAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>Every team's check-in schedule: what the scheduler syncs its triggers from.</summary>
    Task<IReadOnlyList<CheckInSchedule>> ListSchedulesAsync(CancellationToken cancellationToken);

    /// <summary>The ids of programs that have a digest slot.</summary>
    Task<IReadOnlyList<long>> ListProgramsWithDigestSlotAsync(CancellationToken cancellationToken);
}
