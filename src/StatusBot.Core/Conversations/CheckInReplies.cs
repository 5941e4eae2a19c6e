using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Conversations;

/// <summary>
/// The channel-neutral messages of conversational check-ins: <c>checkin.confirmation</c> (what was recorded, with
/// an Edit button), <c>checkin.status-question</c> (the three status buttons), <c>checkin.form</c> (the answer
/// form), <c>checkin.resolved</c> (blockers closed by a <c>resolved:</c> message) and <c>checkin.error</c> (nothing recorded, and why).
/// </summary>
public static class CheckInReplies
{
    public const string ConfirmationKind = "checkin.confirmation";
    public const string StatusQuestionKind = "checkin.status-question";
    public const string FormKind = "checkin.form";
    public const string ErrorKind = "checkin.error";
    public const string ResolvedKind = "checkin.resolved";

    /// <summary>The action id of the status buttons; the value carries the rest of the answer.</summary>
    public const string StatusAction = "checkin.status";

    /// <summary>The action id of "Edit" (value: the cycle id): opens the form filled with the current answer.</summary>
    public const string EditAction = "checkin.edit";

    public static ChatMessage Confirmation(
        string teamName, Answer answer, bool edited, IReadOnlyList<string> blockers, IReadOnlyList<DependencyUpdate> deps, IReadOnlyList<Blocker>? resolved = null)
    {
        var fields = new List<Field> { new("Progress", Or(answer.Progress)) };
        fields.Add(new Field("Next", Or(answer.Next)));
        fields.Add(new Field("Blockers", blockers.Count == 0 ? "none" : string.Join("\n", blockers.Select(InlineMarkup.Escape))));
        if (resolved is { Count: > 0 })
        {
            fields.Add(new Field("Resolved", string.Join("\n", resolved.Select(BlockerResolution.Describe))));
        }

        if (deps.Count > 0)
        {
            fields.Add(new Field("Dependencies", string.Join("\n", deps.Select(Describe))));
        }

        if (answer.Note is { Length: > 0 } note)
        {
            fields.Add(new Field("Note", InlineMarkup.Escape(note)));
        }

        var when = answer.IsLate ? "Recorded as late (the window had closed)." : edited ? $"Updated (revision {answer.Revision})." : "Recorded.";
        return new ChatMessage(
            ConfirmationKind,
            $"{(edited ? "Updated" : "Recorded")} your check-in for {teamName}: {CheckInStatusDisplay.Words(answer.Status)}",
            [
                new HeaderBlock($"Check-in — {teamName}"),
                new StatusBlock(CheckInStatusDisplay.Badge(answer.Status), teamName, CheckInStatusDisplay.Words(answer.Status)),
                new FieldsBlock(fields),
                new ContextBlock($"{when} You can edit it until the window closes, or reply again."),
                new ActionsBlock([new ButtonAction("Edit", EditAction, answer.CycleId.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            ]);
    }

    /// <summary>Asks for the status of an answer that named none; each button carries the whole draft.</summary>
    public static ChatMessage StatusQuestion(string progressPreview, IReadOnlyList<(CheckInStatus Status, string Value)> buttons) =>
        new(
            StatusQuestionKind,
            "How is it going overall: on track, at risk or off track?",
            [
                new TextBlock("Thanks! How is it going overall?"),
                new ContextBlock($"Progress: {InlineMarkup.Escape(Preview(progressPreview))}"),
                new ActionsBlock(buttons.Select(b => new ButtonAction(CheckInStatusDisplay.Words(b.Status), StatusAction, b.Value, b.Status switch
                {
                    CheckInStatus.OnTrack => ButtonStyle.Primary,
                    CheckInStatus.OffTrack => ButtonStyle.Danger,
                    _ => ButtonStyle.Default,
                })).ToList()),
                new ContextBlock("Next time you can start your reply with on track / at risk / off track (or 🟢 🟡 🔴)."),
            ]);

    /// <summary>Blockers closed by a message of only <c>resolved:</c> lines; the check-in answer is left as it was.</summary>
    public static ChatMessage Resolved(IReadOnlyList<(Blocker Blocker, string Team)> resolved) =>
        new(
            ResolvedKind,
            resolved.Count == 1 ? $"Resolved blocker #{resolved[0].Blocker.Id}" : $"Resolved {resolved.Count} blockers",
            [
                new TextBlock(string.Join("\n", resolved.Select(r => $"Resolved blocker {BlockerResolution.Describe(r.Blocker)} of {InlineMarkup.Bold(r.Team)}."))),
                new ContextBlock("Your check-in answer is unchanged. Resolved blockers leave the open lists and are no longer escalated."),
            ]);

    public static ChatMessage Error(string problem) =>
        new(ErrorKind, problem, [new TextBlock(problem), new ContextBlock(HowTo)]);

    /// <summary>How to answer in plain text.</summary>
    public const string HowTo =
        "Reply like: on track, then lines such as progress: …, next: …, blockers: … (one per line or ;-separated), resolved: 12, 14, dep 12 eta 2026-12-18, dep 12 done.";

    private static string Describe(DependencyUpdate update) =>
        update.Delivered ? $"#{update.DependencyId} delivered" : $"#{update.DependencyId} ETA {update.NewEta:yyyy-MM-dd}";

    private static string Or(string text) => text.Length == 0 ? "—" : InlineMarkup.Escape(text);

    private static string Preview(string text) => text.Length <= 200 ? text : text[..197] + "…";
}
