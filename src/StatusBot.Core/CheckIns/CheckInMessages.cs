using System.Globalization;
using StatusBot.Core.Blockers;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// The platform-neutral check-in messages: the prompt with its form, the reminder and the confirmation.
/// Adapters render them (Block Kit, Adaptive Card, HTML); form input ids are the contract with <see cref="Conversations.CheckInForm"/>.
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

    /// <summary>The check-in form of a cycle (one form everywhere: see <see cref="Conversations.CheckInForm"/>).</summary>
    public static FormBlock Form(CheckInCycle cycle, Team team, IReadOnlyList<Dependency> owed) =>
        Conversations.CheckInForm.Build(cycle.Id, team.Name, current: null, openBlockers: [], owed);

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
