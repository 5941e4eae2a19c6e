using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Digests;

/// <summary>
/// A program's week, read from the store and decided (roll-up, impact, escalation), before it is rendered:
/// the renderer only arranges it within a block budget.
/// </summary>
/// <remarks>
/// Names and texts (program, team, dependency, blocker, risk, decision) are as people typed them: the renderer escapes
/// them. Mentions (<see cref="OverriddenBy"/>, owners, <see cref="NotAnswered"/>), <see cref="Action"/> and the roll-up's
/// reasons are already <see cref="Messages.InlineMarkup"/>, built with the typed parts escaped.
/// </remarks>
public sealed record DigestModel
{
    public required long ProgramId { get; init; }
    public required string ProgramName { get; init; }
    public required DateOnly WeekOf { get; init; }
    public required RollupResult Rollup { get; init; }

    /// <summary>Who set the override (a mention), when overridden.</summary>
    public string? OverriddenBy { get; init; }

    /// <summary>"What is being done", or null when on track and nothing needs doing.</summary>
    public string? Action { get; init; }

    public required IReadOnlyList<TeamLine> Teams { get; init; }
    public required IReadOnlyList<DependencyLine> Dependencies { get; init; }
    public required IReadOnlyList<BlockerLine> Blockers { get; init; }

    /// <summary>Ids of the program's blockers resolved during the week (Monday to Sunday), oldest resolution first.</summary>
    public IReadOnlyList<long> ResolvedThisWeek { get; init; } = [];
    public required IReadOnlyList<RiskLine> Risks { get; init; }
    public required IReadOnlyList<DecisionLine> Decisions { get; init; }

    /// <summary>Mentions of the people asked this week who did not answer, grouped by team name.</summary>
    public required IReadOnlyList<(string Team, IReadOnlyList<string> People)> NotAnswered { get; init; }

    public required string WebUrl { get; init; }

    /// <summary>
    /// Set on a digest posted before the week's check-ins have all closed (<c>digest post</c> mid-week): the instant it
    /// shows (in <see cref="InlineMarkup"/>, rendered in each reader's zone); the week's digest replaces it later.
    /// </summary>
    public string? AsOf { get; init; }
}

/// <summary>A team's status against last week: ↑ better, → same (or unknown either week), ↓ worse.</summary>
public enum Trend
{
    Better,
    Same,
    Worse,
}

/// <summary>One team's line: status, trend, response rate and top blocker.</summary>
/// <param name="Status">This week's status; null when nobody answered.</param>
/// <param name="Asked">How many the week's cycle asked; 0 when the team had no cycle.</param>
public sealed record TeamLine(long TeamId, string Name, CheckInStatus? Status, Trend Trend, int Answered, int Asked, string? TopBlocker);

/// <summary>A slipped or at-risk dependency with what it endangers downstream (computed for the lines a digest can show).</summary>
public sealed record DependencyLine(
    long DependencyId,
    string What,
    string Provider,
    string Consumer,
    DependencyState State,
    int SlipDays,
    DateOnly NeedBy,
    DateOnly? Eta,
    bool OnCriticalPath,
    DownstreamImpact? Impact);

/// <summary>An open blocker the digest shows: new this week, or escalated.</summary>
/// <param name="Owner">A mention of the person who raised it.</param>
public sealed record BlockerLine(long BlockerId, string Team, string Text, string Owner, int CyclesOpen, bool Escalated, bool IsNew);

/// <summary>One of the top risks.</summary>
public sealed record RiskLine(long RiskId, string Title, int Score, string? Owner, string? Mitigation, DateOnly? ReviewDate, bool ReviewOverdue);

/// <summary>A decision of the week: what, who (a mention), when.</summary>
public sealed record DecisionLine(string Text, string DecidedBy, DateTimeOffset DecidedAt);
