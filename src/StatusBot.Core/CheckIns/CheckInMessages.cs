using System.Globalization;
using StatusBot.Core.Blockers;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// The platform-neutral check-in messages: the prompt with its form, the reminder and the confirmation.
/// Adapters render them (Block Kit, Adaptive Card, HTML); form input ids are the contract with <see cref="CheckInForm"/>.
/// </summary>
public static class CheckInMessages
{
    public const string PromptKind = "checkin.prompt";
    public const string ReminderKind = "checkin.reminder";
    public const string ConfirmationKind = "checkin.confirmation";

    /// <summary>The action id of the button that opens the check-in form; its value is the cycle id.</summary>
    public const string OpenFormAction = "checkin.open";

    public static ChatMessage Prompt(CheckInCycle cycle, Team team, Person person, IReadOnlyList<Dependency> owed) =>
        new(
            PromptKind,
            $"Weekly check-in for {team.Name}: how is it going?",
            [
                new HeaderBlock($"Weekly check-in: {team.Name}"),
                new TextBlock($"Hi {InlineMarkup.Mention(person.Identity, person.DisplayName)}, how did the week go? Answers are open until {Format(cycle.ClosesAt)}."),
                new ActionsBlock([new ButtonAction("Answer the check-in", OpenFormAction, cycle.Id.ToString(CultureInfo.InvariantCulture), ButtonStyle.Primary)]),
                Form(cycle, team, owed),
            ]);

    public static ChatMessage Reminder(CheckInCycle cycle, Team team, Person person, IReadOnlyList<Dependency> owed) =>
        new(
            ReminderKind,
            $"Reminder: the {team.Name} check-in closes at {Format(cycle.ClosesAt)}",
            [
                new HeaderBlock($"Reminder: {team.Name} check-in"),
                new TextBlock($"{InlineMarkup.Mention(person.Identity, person.DisplayName)}, we have not heard from you yet. The check-in closes at {Format(cycle.ClosesAt)}."),
                new ActionsBlock([new ButtonAction("Answer now", OpenFormAction, cycle.Id.ToString(CultureInfo.InvariantCulture), ButtonStyle.Primary)]),
                Form(cycle, team, owed),
            ]);

    /// <summary>The check-in form of a cycle: status, progress, next, blockers, one ETA and delivered box per dependency the team owes, note.</summary>
    public static FormBlock Form(CheckInCycle cycle, Team team, IReadOnlyList<Dependency> owed)
    {
        var inputs = new List<FormInput>
        {
            new ChoiceInput(CheckInForm.Status, "Status", true, [
                new ChoiceOption("on_track", "On track"),
                new ChoiceOption("at_risk", "At risk"),
                new ChoiceOption("off_track", "Off track"),
            ]),
            new TextInput(CheckInForm.Progress, "Progress this week", true, Multiline: true),
            new TextInput(CheckInForm.Next, "Next steps", true, Multiline: true),
            new TextInput(CheckInForm.Blockers, "Blockers (one per line)", false, Multiline: true),
        };
        foreach (var dependency in owed)
        {
            inputs.Add(new DateInput(CheckInForm.DependencyEta(dependency.Id), $"ETA: {dependency.What} (needed by {dependency.NeedBy:yyyy-MM-dd})", false, dependency.Eta));
            inputs.Add(new CheckboxInput(CheckInForm.DependencyDelivered(dependency.Id), $"Delivered: {dependency.What}", false));
        }

        inputs.Add(new TextInput(CheckInForm.Note, "Anything else", false, Multiline: true));
        return new FormBlock(CheckInForm.FormIdOf(cycle.Id), $"Check-in: {team.Name}", "Send", inputs);
    }

    /// <summary>Echoes what was recorded, so the person sees exactly what the TPM will see.</summary>
    public static ChatMessage Confirmation(Team team, Answer answer, bool edited, IReadOnlyList<Blocker> newBlockers, IReadOnlyList<string> dependencyChanges)
    {
        var verb = edited ? "updated" : "recorded";
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock($"Check-in {verb}: {team.Name}"),
            new StatusBlock(Badge(answer.Status), team.Name, StatusText(answer.Status)),
            new FieldsBlock([new Field("Progress", answer.Progress), new Field("Next", answer.Next)]),
        };
        if (newBlockers.Count > 0)
        {
            blocks.Add(new FieldsBlock([new Field("New blockers", string.Join("\n", newBlockers.Select(b => "• " + b.Text)))]));
        }

        if (dependencyChanges.Count > 0)
        {
            blocks.Add(new FieldsBlock([new Field("Dependencies", string.Join("\n", dependencyChanges.Select(c => "• " + c)))]));
        }

        if (!string.IsNullOrWhiteSpace(answer.Note))
        {
            blocks.Add(new FieldsBlock([new Field("Note", answer.Note)]));
        }

        blocks.Add(new ContextBlock(answer.IsLate
            ? "Received after the check-in closed: kept and marked late."
            : "You can change your answer until the check-in closes."));
        return new ChatMessage(ConfirmationKind, $"Check-in {verb} for {team.Name}: {StatusText(answer.Status)}", blocks);
    }

    public static string StatusText(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => "on track",
        CheckInStatus.AtRisk => "at risk",
        _ => "off track",
    };

    private static StatusBadge Badge(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => StatusBadge.OnTrack,
        CheckInStatus.AtRisk => StatusBadge.AtRisk,
        _ => StatusBadge.OffTrack,
    };

    private static string Format(DateTimeOffset instant) => instant.ToString("ddd yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The input ids of the check-in form, and the parsing of a submitted form's values.</summary>
public static class CheckInForm
{
    public const string Status = "status";
    public const string Progress = "progress";
    public const string Next = "next";
    public const string Blockers = "blockers";
    public const string Note = "note";
    public const string FormPrefix = "checkin:";

    public static string FormIdOf(long cycleId) => FormPrefix + cycleId.ToString(CultureInfo.InvariantCulture);

    public static string DependencyEta(long dependencyId) => $"dep:{dependencyId.ToString(CultureInfo.InvariantCulture)}:eta";

    public static string DependencyDelivered(long dependencyId) => $"dep:{dependencyId.ToString(CultureInfo.InvariantCulture)}:delivered";

    /// <summary>Parses <c>on_track</c>, <c>at_risk</c>, <c>off_track</c> (also with spaces or dashes, any case).</summary>
    public static bool TryParseStatus(string? text, out CheckInStatus status)
    {
        status = default;
        switch ((text ?? string.Empty).Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_'))
        {
            case "on_track" or "ontrack" or "green":
                status = CheckInStatus.OnTrack;
                return true;
            case "at_risk" or "atrisk" or "yellow" or "amber":
                status = CheckInStatus.AtRisk;
                return true;
            case "off_track" or "offtrack" or "red":
                status = CheckInStatus.OffTrack;
                return true;
            default:
                return false;
        }
    }
}
