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

    /// <summary>The action id of the button that opens the check-in form; its value is the cycle id.</summary>
    public const string OpenFormAction = "checkin.open";

    /// <param name="teamZone">The team's IANA zone: the close time shows in each reader's zone, and in this one (named) where it cannot.</param>
    public static ChatMessage Prompt(CheckInCycle cycle, Team team, Person person, IReadOnlyList<Dependency> owed, string teamZone, IReadOnlyList<Blocker>? openBlockers = null) =>
        Prompt(cycle, team, person, teamZone, Form(cycle, team, owed, openBlockers ?? [], person.Id));

    /// <summary>The prompt around a form built already (a team's members share one form: see <see cref="PromptForms"/>).</summary>
    public static ChatMessage Prompt(CheckInCycle cycle, Team team, Person person, string teamZone, FormBlock form) =>
        new(
            PromptKind,
            $"Weekly check-in for {team.Name}: how is it going?",
            [
                new HeaderBlock($"Weekly check-in: {team.Name}"),
                new TextBlock($"Hi {InlineMarkup.Mention(person.Identity, person.DisplayName)}, how did the week go? Answers are open until {InlineMarkup.Instant(cycle.ClosesAt, teamZone)}."),
                new ActionsBlock([new ButtonAction("Answer the check-in", OpenFormAction, cycle.Id.ToString(CultureInfo.InvariantCulture), ButtonStyle.Primary)]),
                form,
            ]);

    public static ChatMessage Reminder(CheckInCycle cycle, Team team, Person person, IReadOnlyList<Dependency> owed, string teamZone, IReadOnlyList<Blocker>? openBlockers = null) =>
        new(
            ReminderKind,
            $"Reminder: the {team.Name} check-in closes at {Summary(cycle.ClosesAt, teamZone)}",
            [
                new HeaderBlock($"Reminder: {team.Name} check-in"),
                new TextBlock($"{InlineMarkup.Mention(person.Identity, person.DisplayName)}, we have not heard from you yet. The check-in closes at {InlineMarkup.Instant(cycle.ClosesAt, teamZone)}."),
                new ActionsBlock([new ButtonAction("Answer now", OpenFormAction, cycle.Id.ToString(CultureInfo.InvariantCulture), ButtonStyle.Primary)]),
                Form(cycle, team, owed, openBlockers ?? [], person.Id),
            ]);

    /// <summary>The check-in form of a cycle (one form everywhere: see <see cref="Conversations.CheckInForm"/>).</summary>
    public static FormBlock Form(CheckInCycle cycle, Team team, IReadOnlyList<Dependency> owed, IReadOnlyList<Blocker>? openBlockers = null, long? personId = null) =>
        Conversations.CheckInForm.Build(cycle.Id, team.Name, current: null, openBlockers ?? [], owed, personId);

    /// <summary>Summaries are plain text (notifications): the team's zone, named.</summary>
    private static string Summary(DateTimeOffset instant, string teamZone) =>
        InlineMarkup.FormatInstant(instant, TimeZones.TryResolve(teamZone, out var zone, out _) ? zone : TimeZoneInfo.Utc);
}

/// <summary>
/// The prompt forms of one cycle, built once per team: a form differs between members only in that a member's own open
/// blockers are listed first, so everyone without an open blocker of their own shares one form (messages are immutable).
/// </summary>
public sealed class PromptForms(CheckInCycle cycle, Team team, IReadOnlyList<Dependency> owed, IReadOnlyList<Blocker> openBlockers)
{
    private readonly HashSet<long> _blockerOwners = openBlockers.Select(b => b.PersonId).ToHashSet();
    private FormBlock? _shared;

    public ChatMessage Prompt(Person person, string teamZone) =>
        CheckInMessages.Prompt(cycle, team, person, teamZone, FormFor(person));

    private FormBlock FormFor(Person person) =>
        _blockerOwners.Contains(person.Id)
            ? CheckInMessages.Form(cycle, team, owed, openBlockers, person.Id)
            : _shared ??= CheckInMessages.Form(cycle, team, owed, openBlockers, personId: null);
}
