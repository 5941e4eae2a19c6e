using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Programs;

/// <summary>
/// A TPM set the program status by hand (<c>status set</c>); the reason, who and when are always shown next to it.
/// It lasts until a TPM clears it (<c>status clear</c>), with its age shown, so a stale override is visible as stale.
/// </summary>
public sealed record StatusOverride(CheckInStatus Status, string Reason, long SetByPersonId, DateTimeOffset SetAt);

/// <summary>The TPM's own words for "what is being done" (<c>status note</c>); replaced by the next note, cleared with the override.</summary>
public sealed record StatusNote(string Text, long SetByPersonId, DateTimeOffset SetAt);
