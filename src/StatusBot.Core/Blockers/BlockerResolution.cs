using System.Globalization;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Blockers;

/// <summary>
/// The words every way of resolving a blocker shares (the command, the check-in form, a DM): how a blocker is named in
/// a reply, and the refusal for one that is already resolved, which says by whom and when.
/// </summary>
public static class BlockerResolution
{
    /// <summary>Longest resolution note kept.</summary>
    public const int MaxNoteLength = 500;

    /// <summary><c>#12 "waiting on security review"</c>, the typed text escaped.</summary>
    public static string Describe(Blocker blocker)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        return $"#{blocker.Id.ToString(CultureInfo.InvariantCulture)} \"{InlineMarkup.Escape(blocker.Text.ReplaceLineEndings(" "))}\"";
    }

    /// <summary>"Blocker #12 … was already resolved by @ada on 2026-11-24 10:00 (Europe/Berlin)." in the reader's zone.</summary>
    public static async Task<string> AlreadyResolvedAsync(IStoreSession session, Blocker blocker, CancellationToken cancellationToken, TimeZoneInfo? readerZone = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(blocker);
        var by = blocker.ResolvedByPersonId is { } id && await session.People.GetAsync(id, cancellationToken) is { } person
            ? InlineMarkup.Mention(person.Identity, person.DisplayName)
            : "someone";
        var zone = readerZone ?? TimeZoneInfo.Utc;
        var at = TimeZoneInfo.ConvertTime(blocker.ResolvedAt ?? default, zone);
        var note = blocker.ResolutionNote is { Length: > 0 } text ? $" (\"{InlineMarkup.Escape(text)}\")" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"Blocker {Describe(blocker)} was already resolved by {by} on {at:yyyy-MM-dd HH:mm} ({zone.Id}){note}; nothing was changed.");
    }
}
