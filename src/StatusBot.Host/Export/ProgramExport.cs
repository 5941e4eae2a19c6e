namespace StatusBot.Host.Export;

/// <summary>
/// A program's record for a quarterly review, as <c>/programs/{id}/export.csv</c> and <c>.json</c> serve it: every week of
/// every team, every dependency with its ETA history, every milestone with its date history, the risks and the decisions.
/// Dates (weeks, need-by, ETAs, due dates, review dates) are calendar dates as stored, which are the team's or program's
/// local dates; instants are UTC.
/// </summary>
public sealed record ProgramExport(
    long ProgramId,
    string ProgramName,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<TeamWeekRow> TeamWeeks,
    IReadOnlyList<DependencyRow> Dependencies,
    IReadOnlyList<MilestoneRow> Milestones,
    IReadOnlyList<RiskRow> Risks,
    IReadOnlyList<DecisionRow> Decisions);

/// <summary>
/// One team's check-in week: its status (the worst answer; null when nobody answered), answers out of people asked, and
/// its blockers open at the end of the week and resolved during it (the week is the team's local Monday to Monday).
/// </summary>
public sealed record TeamWeekRow(string Team, DateOnly WeekOf, string? Status, int Answered, int Asked, int BlockersOpen, int BlockersResolved);

public sealed record DependencyRow(
    long Id,
    string What,
    string ConsumerTeam,
    string ProviderTeam,
    DateOnly NeedBy,
    DateOnly? Eta,
    string State,
    int SlipDays,
    string? Milestone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<DateChangeRow> EtaChanges);

public sealed record MilestoneRow(long Id, string Name, DateOnly OriginalDueDate, DateOnly DueDate, DateTimeOffset? ReachedAt, IReadOnlyList<DateChangeRow> DateChanges);

/// <summary>One recorded move of a date: from (null for a first ETA) to (null for an ETA cleared), who, when.</summary>
public sealed record DateChangeRow(DateOnly? From, DateOnly? To, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record RiskRow(long Id, string Title, int Probability, int Impact, int Score, string State, string? Owner, string? Mitigation, DateOnly? ReviewDate, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

public sealed record DecisionRow(long Id, string Text, string DecidedBy, DateTimeOffset DecidedAt);
