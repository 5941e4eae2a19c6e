using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Privacy;

/// <summary>
/// A person's own data across every program of their workspace: what <c>me export</c> sends them, and what
/// <c>forget</c> removes or anonymises (every table, in the command's transaction).
/// </summary>
public interface IPersonalDataRepository
{
    /// <summary>Their current answers, oldest week first, with program and team.</summary>
    Task<IReadOnlyList<PersonalAnswer>> ListAnswersAsync(long personId, CancellationToken cancellationToken);

    /// <summary>The blockers they raised, oldest first, with program and team.</summary>
    Task<IReadOnlyList<PersonalBlocker>> ListBlockersAsync(long personId, CancellationToken cancellationToken);

    /// <summary>Every text they wrote: answers and their revisions, blockers, notes of the blockers they resolved.</summary>
    Task<IReadOnlyList<string>> ListWordsAsync(long personId, CancellationToken cancellationToken);

    /// <summary>The platform ids a chat platform knows them by besides their identity (Teams' 29:… user id, their conversation id).</summary>
    Task<IReadOnlyList<string>> ListPlatformIdsAsync(string identity, CancellationToken cancellationToken);

    /// <summary>Removes and anonymises everything <paramref name="erasure"/> describes; returns how many rows changed.</summary>
    Task<int> EraseAsync(Erasure erasure, CancellationToken cancellationToken);
}

public sealed record PersonalAnswer(
    string Program, string Team, DateOnly WeekOf, CheckInStatus Status, string Progress, string Next, string? Note, DateTimeOffset SubmittedAt, DateTimeOffset? EditedAt, bool IsLate);

public sealed record PersonalBlocker(string Program, string Team, string Text, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt);
