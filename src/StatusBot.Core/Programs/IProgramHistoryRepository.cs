using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Programs;

/// <summary>
/// Program-wide reads for the digest and the slip rules: each returns the rows of every team of the program in one
/// query, so building a digest costs a handful of round trips whatever the number of teams.
/// </summary>
public interface IProgramHistoryRepository
{
    /// <summary>Every program's id, for jobs that visit them all (the daily slip scan).</summary>
    Task<IReadOnlyList<long>> ListProgramIdsAsync(CancellationToken cancellationToken);

    /// <summary>The (team, week) of each cycle of the program's teams whose week lies in [<paramref name="fromWeek"/>, <paramref name="toWeek"/>]: how blockers are aged.</summary>
    Task<IReadOnlyList<TeamWeek>> ListCycleWeeksAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken);

    /// <summary>The current answers to those cycles, with their team and week.</summary>
    Task<IReadOnlyList<TeamAnswer>> ListAnswersAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken);

    /// <summary>
    /// Per team and week in [<paramref name="fromWeek"/>, <paramref name="toWeek"/>], each status its current answers
    /// gave and how many gave it: what a team's status needs, in a few rows whatever the team's size.
    /// </summary>
    Task<IReadOnlyList<TeamStatusCount>> ListStatusCountsAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken);

    /// <summary>Per team with a cycle that week: how many people it asked and how many of them answered.</summary>
    Task<IReadOnlyList<TeamAskedCount>> ListAskedCountsAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);

    /// <summary>
    /// The people the week's cycles asked who have not answered, by team then person id, with what a mention needs
    /// (identity and name null only when the person row is gone; someone who left or was forgotten is named as they are now).
    /// </summary>
    Task<IReadOnlyList<NotAnsweredMember>> ListNotAnsweredAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="personIds"/> who are the program's people (<c>ListPeopleAsync(programId)</c>): mentions without reading everyone.</summary>
    Task<IReadOnlyList<ProgramPerson>> ListPeopleAsync(long programId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="personIds"/> in the program's workspace, whether or not they are still its people: what
    /// names an owner, a decider or a raiser recorded earlier (a forgotten person reads "former member #N"), where
    /// <see cref="ListPeopleAsync(long, IReadOnlyCollection{long}, CancellationToken)"/> decides who is told today.
    /// </summary>
    Task<IReadOnlyList<ProgramPerson>> ListNamedPeopleAsync(long programId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken);

    /// <summary>Who the program's cycles of one week asked, with their team.</summary>
    Task<IReadOnlyList<TeamCycleMember>> ListCycleMembersAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);

    /// <summary>Each team's answers to its most recent cycle that has any answer.</summary>
    Task<IReadOnlyList<TeamAnswer>> ListLatestAnswersAsync(long programId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Blocker>> ListOpenBlockersAsync(long programId, CancellationToken cancellationToken);

    /// <summary>The program's blockers resolved in [<paramref name="from"/>, <paramref name="to"/>): the digest's "resolved this week".</summary>
    Task<IReadOnlyList<Blocker>> ListResolvedBlockersAsync(long programId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The leads of the program's teams (who are told about their team's dependencies).</summary>
    Task<IReadOnlyList<TeamMembership>> ListLeadsAsync(long programId, CancellationToken cancellationToken);

    /// <summary>The IANA zone of each of the program's teams that has a check-in schedule: the team's own calendar (its days and weeks).</summary>
    Task<IReadOnlyList<TeamZone>> ListTeamZonesAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Everyone who is a member of one of the program's teams or holds a role in it: what a mention needs.</summary>
    Task<IReadOnlyList<ProgramPerson>> ListPeopleAsync(long programId, CancellationToken cancellationToken);
}

/// <summary>An answer with the team and week of its cycle.</summary>
public sealed record TeamAnswer
{
    public required long TeamId { get; init; }
    public required DateOnly WeekOf { get; init; }
    public required long CycleId { get; init; }
    public required long PersonId { get; init; }
    public required CheckInStatus Status { get; init; }
    public bool IsLate { get; init; }
}

/// <summary>How many of a team's answers of one week gave one status.</summary>
public sealed record TeamStatusCount
{
    public required long TeamId { get; init; }
    public required DateOnly WeekOf { get; init; }
    public required CheckInStatus Status { get; init; }
    public required int Answers { get; init; }
}

/// <summary>How many people a team's cycle of one week asked, and how many of them answered.</summary>
public sealed record TeamAskedCount
{
    public required long TeamId { get; init; }
    public required int Asked { get; init; }
    public required int Answered { get; init; }
}

/// <summary>A person a cycle asked who has not answered, with their mention (null when no longer one of the program's people).</summary>
public sealed record NotAnsweredMember
{
    public required long TeamId { get; init; }
    public required long PersonId { get; init; }
    public string? Identity { get; init; }
    public string? DisplayName { get; init; }
}

/// <summary>A team's time zone, from its check-in schedule.</summary>
public sealed record TeamZone
{
    public required long TeamId { get; init; }
    public required string TimeZone { get; init; }
}

/// <summary>A team had a cycle that week.</summary>
public sealed record TeamWeek
{
    public required long TeamId { get; init; }
    public required DateOnly WeekOf { get; init; }
}

/// <summary>
/// A person as the digest and notifications need them (a mention and a DM address), without the columns they do not:
/// a 2,000-person program is read on every digest.
/// </summary>
public sealed record ProgramPerson
{
    public required long Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Identity { get; init; }
    public required string DisplayName { get; init; }
    public bool Active { get; init; } = true;
}

/// <summary>A person a cycle asked, with the cycle's team.</summary>
public sealed record TeamCycleMember
{
    public required long TeamId { get; init; }
    public required long CycleId { get; init; }
    public required long PersonId { get; init; }
}
