using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Conversations;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Tests.Golden;

/// <summary>
/// Pins the neutral JSON of every message kind the command layer sends. Adapter renderers (Block Kit, Adaptive
/// Cards, HTML) test against these same files. Rewrite with UPDATE_GOLDEN=1 after a deliberate change.
/// </summary>
public class MessageGoldenTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    // Payments in Los Angeles: Monday 09:00 local (17:00 UTC), closing 24 h later.
    private static readonly CheckInCycle Cycle = new()
    {
        Id = 42,
        TeamId = 7,
        WeekOf = new(2026, 11, 30),
        OpensAt = new(2026, 11, 30, 17, 0, 0, TimeSpan.Zero),
        RemindAt = new(2026, 12, 1, 13, 0, 0, TimeSpan.Zero),
        ClosesAt = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero),
    };

    private static readonly Core.People.Person Ada = new() { Id = 3, WorkspaceId = "slack:T1", Identity = "slack:T1:U1", DisplayName = "Ada", TimeZone = "Europe/Berlin" };

    public static TheoryData<string> Kinds => new(Samples.Keys);

    private static Dictionary<string, ChatMessage> Samples => new()
    {
        ["command.reply"] = CommandReplies.Done($"Added team {InlineMarkup.Bold("Payments")} to {InlineMarkup.Bold("Apollo")}."),
        ["command.reply.list"] = CommandReplies.List("Risks — Apollo", [$"#3 {InlineMarkup.Bold("12")} \"Vendor SDK late\" (p3 × i4) · owner {InlineMarkup.Mention("slack:T1:U1", "Ada")}"], "No open risks."),
        ["command.error"] = CommandReplies.Error($"{InlineMarkup.Bold("team shedule")} is not a command.", suggestion: "team schedule", usages: [CommandCatalog.Find("team schedule")!]),
        ["command.error.not-found"] = CommandReplies.NotFound($"There is no team {InlineMarkup.Bold("Paymnts")} in this workspace.", ["Payments"], CommandCatalog.Find("team pause")),
        ["command.refused"] = CommandReplies.Refused(
            $"{InlineMarkup.Bold("team schedule")} needs a TPM of {InlineMarkup.Bold("Apollo")}. TPMs of {InlineMarkup.Bold("Apollo")}: {InlineMarkup.Mention("slack:T1:U1", "Ada")}. Workspace admins: {InlineMarkup.Mention("slack:T1:U0", "Root")}.",
            CommandCatalog.Find("team schedule")!),
        ["command.help"] = CommandReplies.Help(CommandCatalog.Verbs),
        ["command.help.verb"] = CommandReplies.Help(CommandCatalog.Find("dep add")!),
        ["checkin.confirmation"] = CheckInReplies.Confirmation(
            "Payments",
            new Answer { Id = 5, CycleId = 42, PersonId = 7, Status = CheckInStatus.AtRisk, Progress = "Refund API in review", Next = "Load test", SubmittedAt = At, Revision = 2 },
            edited: true,
            ["Waiting on infra"],
            [new DependencyUpdate(12, new DateOnly(2026, 12, 18), false), new DependencyUpdate(13, null, true)],
            [new Blocker { Id = 14, TeamId = 3, PersonId = 8, Text = "Flaky CI", OpenedAt = At.AddDays(-7), ResolvedAt = At, ResolvedByPersonId = 7 }]),
        ["checkin.resolved"] = CheckInReplies.Resolved(
            [(new Blocker { Id = 12, TeamId = 3, PersonId = 7, Text = "Waiting on infra", OpenedAt = At.AddDays(-7), ResolvedAt = At, ResolvedByPersonId = 7 }, "Payments")]),
        ["checkin.status-question"] = CheckInReplies.StatusQuestion(
            "Shipped the refund API",
            [
                (CheckInStatus.OnTrack, new AnswerDraft(CheckInStatus.OnTrack, 3, 42, "Shipped the refund API", "", [], [], null).ToValue()),
                (CheckInStatus.AtRisk, new AnswerDraft(CheckInStatus.AtRisk, 3, 42, "Shipped the refund API", "", [], [], null).ToValue()),
                (CheckInStatus.OffTrack, new AnswerDraft(CheckInStatus.OffTrack, 3, 42, "Shipped the refund API", "", [], [], null).ToValue()),
            ]),
        ["checkin.form"] = CheckInForm.Message(CheckInForm.Build(
            42,
            "Payments",
            new Answer { CycleId = 42, PersonId = 7, Status = CheckInStatus.OnTrack, Progress = "Refund API", SubmittedAt = At },
            [
                new Blocker { Id = 14, TeamId = 3, PersonId = 8, Text = "Flaky CI", OpenedAt = At.AddDays(-14) },
                new Blocker { Id = 12, TeamId = 3, PersonId = 7, Text = "Waiting on infra", OpenedAt = At.AddDays(-7) },
            ],
            [new Dependency { Id = 12, ProgramId = 1, ConsumerTeamId = 2, ProviderTeamId = 3, What = "refund API", NeedBy = new DateOnly(2026, 12, 15), Eta = new DateOnly(2026, 12, 18), CreatedByPersonId = 1 }],
            personId: 7)),
        ["checkin.prompt"] = CheckInMessages.Prompt(Cycle, new Core.Teams.Team { Id = 7, ProgramId = 1, Name = "Payments" }, Ada, [], "America/Los_Angeles"),
        ["checkin.reminder"] = CheckInMessages.Reminder(Cycle, new Core.Teams.Team { Id = 7, ProgramId = 1, Name = "Payments" }, Ada, [], "Asia/Kolkata"),
        ["checkin.error"] = CheckInReplies.Error("Nothing was recorded: Dependency #12 is not an open one that Payments provides."),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Message_kind_serializes_to_its_golden_json(string name)
    {
        var message = Samples[name];

        var json = MessageJson.Serialize(message);

        Assert.StartsWith(message.Kind, name, StringComparison.Ordinal);
        GoldenFile.Verify($"{name}.json", json + "\n");
        Assert.Equal(message.Kind, MessageJson.Deserialize(json).Kind);
    }
}
