using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Conversations;

/// <summary>
/// A check-in answer as read from a plain-text DM. <see cref="Status"/> is null when the text named none
/// (the bot then asks with buttons); <see cref="Errors"/> lists lines it understood as commands but could not
/// accept (a dependency update with a wrong date), in which case nothing is recorded.
/// </summary>
public sealed record ParsedAnswer(
    CheckInStatus? Status,
    string Progress,
    string Next,
    IReadOnlyList<string> Blockers,
    IReadOnlyList<DependencyUpdate> DependencyUpdates,
    string? Note,
    string? Team,
    IReadOnlyList<string> Errors);
