using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Conversations;

/// <summary>
/// A check-in answer as read from a plain-text DM. <see cref="Status"/> is null when the text named none
/// (the bot then asks with buttons); <see cref="Errors"/> lists lines it understood as commands but could not
/// accept (a dependency update with a wrong date, a <c>resolved:</c> line without ids), in which case nothing is recorded.
/// </summary>
public sealed record ParsedAnswer(
    CheckInStatus? Status,
    string Progress,
    string Next,
    IReadOnlyList<string> Blockers,
    IReadOnlyList<DependencyUpdate> DependencyUpdates,
    string? Note,
    string? Team,
    IReadOnlyList<string> Errors,
    IReadOnlyList<long>? Resolved = null)
{
    /// <summary>Blocker ids from <c>resolved: 12, 14</c> lines.</summary>
    public IReadOnlyList<long> ResolvedIds => Resolved ?? [];

    /// <summary>Only <c>resolved:</c> lines: closing blockers mid-week, not a check-in answer.</summary>
    public bool OnlyResolves =>
        ResolvedIds.Count > 0 && Status is null && Progress.Length == 0 && Next.Length == 0 && Blockers.Count == 0 && DependencyUpdates.Count == 0 && Note is null && Team is null;
}
