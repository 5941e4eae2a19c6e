using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Risks;
using StatusBot.Core.Teams;

namespace StatusBot.Host.Dashboard;

/// <summary>Everything the dashboard page shows, read in one store session.</summary>
public sealed record DashboardModel(
    long ProgramId,
    string ProgramName,
    DateOnly WeekOf,
    IReadOnlyList<Team> Teams,
    IReadOnlyList<DateOnly> Weeks,
    IReadOnlyDictionary<(long TeamId, DateOnly Week), GridCell> Grid,
    IReadOnlyList<Dependency> Dependencies,
    IReadOnlySet<long> CriticalDependencyIds,
    IReadOnlyList<RankedRisk> OpenRisks,
    IReadOnlyList<BlockerRow> Blockers,
    IReadOnlyList<DateMove> DateMoves,
    ChatMessage? Digest);

/// <summary>One team's week: its status (worst answer), and how many of those asked answered.</summary>
public sealed record GridCell(CheckInStatus? Status, int Answered, int Asked);

/// <summary>
/// One recorded move of a date, for the history section: "Dependency #12 refund API: ETA moved from 12 Dec to 19 Dec
/// by Dana on 3 Dec". <see cref="From"/> is null for a first ETA. <see cref="On"/> is the day in the program's zone.
/// </summary>
public sealed record DateMove(string What, string Date, DateOnly? From, DateOnly? To, string By, DateOnly On, DateTimeOffset At);

public sealed record BlockerRow(long Id, string Team, string Person, string Text, int AgeDays, int CyclesOpen);
