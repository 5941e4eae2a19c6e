using System.Globalization;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Conversations;

/// <summary>
/// The check-in form (form id <c>checkin:&lt;cycleId&gt;</c>): status, progress, next, blockers, note, and for each
/// open dependency the team provides, a new ETA (<c>dep:&lt;id&gt;:eta</c>) and a delivered box (<c>dep:&lt;id&gt;:done</c>).
/// </summary>
public static class CheckInForm
{
    public const string Prefix = "checkin:";

    public static FormBlock Build(long cycleId, string teamName, Answer? current, IReadOnlyList<string> openBlockers, IReadOnlyList<Dependency> owed)
    {
        var inputs = new List<FormInput>
        {
            new ChoiceInput("status", "How is it going?", Required: true,
                [new ChoiceOption("on_track", "On track"), new ChoiceOption("at_risk", "At risk"), new ChoiceOption("off_track", "Off track")],
                current is null ? null : Value(current.Status)),
            new TextInput("progress", "Progress this week", Required: false, Multiline: true, current?.Progress),
            new TextInput("next", "Next", Required: false, Multiline: true, current?.Next),
            new TextInput("blockers", "New blockers (one per line)", Required: false, Multiline: true, Placeholder: openBlockers.Count == 0 ? null : $"Still open: {string.Join("; ", openBlockers)}"),
            new TextInput("note", "Note for the TPM", Required: false, Multiline: false, current?.Note),
        };
        foreach (var dependency in owed)
        {
            inputs.Add(new DateInput($"dep:{dependency.Id}:eta", $"#{dependency.Id} {dependency.What} — ETA (need by {dependency.NeedBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})", Required: false, dependency.Eta));
            inputs.Add(new CheckboxInput($"dep:{dependency.Id}:done", $"#{dependency.Id} delivered", Required: false));
        }

        return new FormBlock(Prefix + cycleId.ToString(CultureInfo.InvariantCulture), $"Check-in — {teamName}", "Submit", inputs);
    }

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
