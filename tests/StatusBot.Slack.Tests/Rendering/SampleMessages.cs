using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Conversations;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;

namespace StatusBot.Slack.Tests.Rendering;

/// <summary>One neutral message per kind the core sends; written to <c>Golden/Messages</c> as the renderer's fixtures.</summary>
public static class SampleMessages
{
    private static readonly string Ada = InlineMarkup.Mention("slack:T0001:U100", "Ada Lovelace");
    private static readonly string Grace = InlineMarkup.Mention("teams:tenant:g-1", "Grace Hopper");

    public static IReadOnlyDictionary<string, ChatMessage> All { get; } = new Dictionary<string, ChatMessage>
    {
        ["command.reply"] = new("command.reply", "Program Apollo created", [
            new TextBlock($"Created **Apollo** for {Ada}; see [the plan](https://example.com/plan?a=1&b=2). _Teams next._"),
            new TextBlock("Raw Slack syntax stays text: <!channel> & <@U999> and 3 > 2"),
            new ContextBlock($"Asked by {Grace}"),
        ]),
        ["checkin.prompt"] = new("checkin.prompt", "Time for the Payments check-in", [
            new HeaderBlock("Weekly check-in: Payments"),
            new TextBlock($"Hi {Ada}, how is **Payments** doing this week? Answers close _Friday 17:00_."),
            new FieldsBlock([new Field("Window", "Mon 09:00 – Tue 09:00"), new Field("You owe", "Payments API to **Checkout**, due 2026-12-04")]),
            new ActionsBlock([
                new ButtonAction("Answer check-in", "checkin.open", "cycle:42", ButtonStyle.Primary),
                new ButtonAction("On leave this week", "checkin.skip", "cycle:42"),
                new ButtonAction("Skip team", "checkin.skip", "team:7", ButtonStyle.Danger),
                new ButtonAction("Open program page", "link", "program:1", Url: "https://statusbot.example.com/programs/1"),
            ]),
        ]),
        // Built by the core itself: the close time is an instant each Slack client shows in its reader's zone, with the
        // team's zone (Kiritimati, UTC+14) named in the fallback.
        ["checkin.reminder"] = CheckInMessages.Reminder(
            new CheckInCycle { Id = 42, TeamId = 7, WeekOf = new(2026, 11, 30), OpensAt = new(2026, 11, 29, 19, 0, 0, TimeSpan.Zero), RemindAt = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), ClosesAt = new(2026, 11, 30, 19, 0, 0, TimeSpan.Zero) },
            new Team { Id = 7, ProgramId = 1, Name = "Ledger" },
            new Person { Id = 3, WorkspaceId = "slack:T0001", Identity = "slack:T0001:U100", DisplayName = "Ada Lovelace", TimeZone = "Pacific/Kiritimati" },
            [],
            "Pacific/Kiritimati"),
        ["digest"] = new("digest", "Apollo: at risk", [
            new HeaderBlock("Apollo — week 48"),
            new StatusBlock(StatusBadge.AtRisk, "Apollo", "At risk: **Payments API** slipped 1 week; Checkout and Launch are affected."),
            new DividerBlock(),
            new StatusBlock(StatusBadge.OnTrack, "Checkout", "On track, trend steady"),
            new StatusBlock(StatusBadge.AtRisk, "Payments", "At risk, waiting on the PCI review"),
            new StatusBlock(StatusBadge.OffTrack, "Search", "Off track: index rebuild failed twice"),
            new StatusBlock(StatusBadge.Unknown, "Mobile", "No answer yet"),
            new StatusBlock(StatusBadge.Done, "Data", "Delivered the export"),
            new FieldsBlock(Enumerable.Range(1, 12).Select(i => new Field($"Milestone {i}", i % 3 == 0 ? "**late**" : "on time")).ToList()),
            new ContextBlock($"Did not answer: {Ada}, {Grace}"),
        ]),
        ["digest.overflow"] = new("digest.overflow", "Apollo: 70 teams", [
            new HeaderBlock("Apollo — 70 teams"),
            .. Enumerable.Range(1, 70).Select(i => new StatusBlock(StatusBadge.OnTrack, $"Team {i}", "On track")),
        ]),
        ["checkin.form"] = new("checkin.form", "Check-in form in a message", [
            new FormBlock("checkin:42", "Weekly check-in", "Send", [
                new ChoiceInput("status", "Status", true, [new("on_track", "On track"), new("at_risk", "At risk"), new("off_track", "Off track")], "on_track"),
                new TextInput("blockers", "Blockers", false, Multiline: true, Placeholder: "Anything in your way?"),
            ]),
        ]),
        ["checkin.form.resolve"] = Core.Conversations.CheckInForm.Message(ResolveForm),
        ["digest.escaped"] = DigestRenderer.Render(HostileDigest(), 50),
        ["limits"] = new("limits", "Long texts", [
            new HeaderBlock(new string('H', 200)),
            new TextBlock(new string('x', 2995) + " & more text past the limit"),
            new ActionsBlock([new ButtonAction(new string('B', 100), "long", new string('v', 2100))]),
        ]),
    };

    /// <summary>The check-in modal (<c>views.open</c>).</summary>
    public static FormBlock CheckInForm { get; } = new(
        "checkin:42",
        "Weekly check-in for the Payments team",
        "Send my check-in",
        [
            new ChoiceInput("status", "How is the team doing?", true, [new("on_track", "On track"), new("at_risk", "At risk"), new("off_track", "Off track")]),
            new TextInput("progress", "Progress this week", true, Multiline: true, Value: "Shipped the importer", MaxLength: 2000),
            new TextInput("next", "Next steps", false, Multiline: true),
            new TextInput("blockers", "Blockers", false, Multiline: true, Placeholder: "Anything in your way?"),
            new DateInput("dep:7:eta", "Payments API → Checkout: ETA", false, new DateOnly(2026, 12, 4)),
            new CheckboxInput("dep:7:delivered", "Payments API → Checkout: delivered", false, Checked: true),
            new ChoiceInput("team", "Team", false, Enumerable.Range(1, 12).Select(i => new ChoiceOption($"team-{i}", $"Team {i}")).ToList(), "team-3"),
        ]);

    /// <summary>Typed text that tries to ping the channel, mention someone and disguise links, in both syntaxes.</summary>
    public const string HostileText = "<!channel> @here look at <http://evil.example|the plan> and [innocent](http://evil.example) ask <@U999> @{slack:T0001:U999|Boss} **now**";

    /// <summary>The real check-in form of a cycle whose team has two open blockers, one the person's own (listed first). Computed: <see cref="All"/> is initialized before it.</summary>
    public static FormBlock ResolveForm => Core.Conversations.CheckInForm.Build(
        42,
        "Payments",
        current: null,
        [
            new Blocker { Id = 14, TeamId = 3, PersonId = 8, Text = "Flaky CI on the ledger suite", OpenedAt = new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.Zero) },
            new Blocker { Id = 12, TeamId = 3, PersonId = 7, Text = "Waiting on security review", OpenedAt = new DateTimeOffset(2026, 11, 16, 10, 0, 0, TimeSpan.Zero) },
        ],
        [new Dependency { Id = 7, ProgramId = 1, ConsumerTeamId = 2, ProviderTeamId = 3, What = "refund API", NeedBy = new DateOnly(2026, 12, 15), CreatedByPersonId = 1 }],
        personId: 7);

    /// <summary>A digest (the real renderer) whose blocker, risk, decision and dependency texts are hostile.</summary>
    private static DigestModel HostileDigest()
    {
        var reason = "refund API (Payments → Checkout) is at risk.";
        return new DigestModel
        {
            ProgramId = 1,
            ProgramName = "Apollo",
            WeekOf = new DateOnly(2026, 11, 23),
            Rollup = new RollupResult(CheckInStatus.AtRisk, reason, CheckInStatus.AtRisk, reason, null),
            Action = $"{InlineMarkup.Escape(HostileText)}: owner {Ada}",
            Teams = [new TeamLine(3, "Payments", CheckInStatus.AtRisk, Trend.Worse, 1, 2, HostileText)],
            Dependencies = [new DependencyLine(7, HostileText, "Payments", "Checkout", DependencyState.AtRisk, 0, new DateOnly(2026, 12, 15), null, false, null)],
            Blockers = [new BlockerLine(12, "Payments", HostileText, Ada, 1, Escalated: false, IsNew: true)],
            ResolvedThisWeek = [9, 11],
            Risks = [new RiskLine(3, HostileText, 12, Ada, HostileText, null, false)],
            Decisions = [new DecisionLine(HostileText, Grace, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))],
            NotAnswered = [("Payments", [InlineMarkup.Mention("slack:T0001:U200", "<!everyone> [x](http://evil.example)")])],
            WebUrl = "https://statusbot.example.com/programs/1",
        };
    }
}
