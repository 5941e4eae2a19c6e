using System.Globalization;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Conversations;

/// <summary>
/// The check-in form (form id <c>checkin:&lt;cycleId&gt;</c>): status, progress, next, new blockers, a "resolved" box for
/// each of the team's open blockers (<c>blocker:&lt;id&gt;:resolved</c>), note, and for each open dependency the team
/// provides, a new ETA (<c>dep:&lt;id&gt;:eta</c>) and a delivered box (<c>dep:&lt;id&gt;:done</c>).
/// </summary>
/// <remarks>
/// Every open blocker of the team is listed, not only the person's own: any member may resolve a team blocker (as with
/// <c>blocker resolve</c>), and a blocker raised by someone who has since left or is on leave must not stay open for ever.
/// The person's own come first; past <see cref="MaxResolvable"/> the rest are left to <c>blocker resolve</c>.
/// </remarks>
public static class CheckInForm
{
    public const string Prefix = "checkin:";

    /// <summary>At most this many open blockers get a "resolved" box (Slack modals hold 100 blocks).</summary>
    public const int MaxResolvable = 20;

    public const string BlockerPrefix = "blocker:";
    public const string ResolvedSuffix = ":resolved";

    public static FormBlock Build(long cycleId, string teamName, Answer? current, IReadOnlyList<Blocker> openBlockers, IReadOnlyList<Dependency> owed, long? personId = null)
    {
        var inputs = new List<FormInput>
        {
            new ChoiceInput("status", "How is it going?", Required: true,
                [new ChoiceOption("on_track", "On track"), new ChoiceOption("at_risk", "At risk"), new ChoiceOption("off_track", "Off track")],
                current is null ? null : Value(current.Status)),
            new TextInput("progress", "Progress this week", Required: false, Multiline: true, current?.Progress),
            new TextInput("next", "Next", Required: false, Multiline: true, current?.Next),
            new TextInput("blockers", "New blockers (one per line)", Required: false, Multiline: true),
        };
        foreach (var blocker in openBlockers.OrderByDescending(b => b.PersonId == personId).ThenBy(b => b.OpenedAt).ThenBy(b => b.Id).Take(MaxResolvable))
        {
            inputs.Add(new CheckboxInput(ResolvedInputId(blocker.Id), $"#{blocker.Id} resolved: {blocker.Text}", Required: false));
        }

        inputs.Add(new TextInput("note", "Note for the TPM", Required: false, Multiline: false, current?.Note));
        foreach (var dependency in owed)
        {
            inputs.Add(new DateInput($"dep:{dependency.Id}:eta", $"#{dependency.Id} {dependency.What} — ETA (need by {dependency.NeedBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})", Required: false, dependency.Eta));
            inputs.Add(new CheckboxInput($"dep:{dependency.Id}:done", $"#{dependency.Id} delivered", Required: false));
        }

        return new FormBlock(Prefix + cycleId.ToString(CultureInfo.InvariantCulture), $"Check-in — {teamName}", "Submit", inputs);
    }

    public static string ResolvedInputId(long blockerId) => BlockerPrefix + blockerId.ToString(CultureInfo.InvariantCulture) + ResolvedSuffix;

    /// <summary>The blocker id of a <see cref="ResolvedInputId"/> key, or null for any other key.</summary>
    public static long? ResolvedBlockerId(string inputId) =>
        inputId.StartsWith(BlockerPrefix, StringComparison.Ordinal) && inputId.EndsWith(ResolvedSuffix, StringComparison.Ordinal)
        && long.TryParse(inputId.AsSpan(BlockerPrefix.Length, inputId.Length - BlockerPrefix.Length - ResolvedSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static ChatMessage Message(FormBlock form) => new(CheckInReplies.FormKind, form.Title, [form]);

    public static string Value(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => "on_track",
        CheckInStatus.AtRisk => "at_risk",
        _ => "off_track",
    };

    public static CheckInStatus? ParseStatus(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "on_track" => CheckInStatus.OnTrack,
        "at_risk" => CheckInStatus.AtRisk,
        "off_track" => CheckInStatus.OffTrack,
        _ => null,
    };
}
