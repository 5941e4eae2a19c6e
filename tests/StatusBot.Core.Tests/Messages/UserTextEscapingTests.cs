using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Conversations;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Tests.Messages;

/// <summary>
/// Text people typed goes into every message kind that carries it (digest, escalation, slip notice, check-in prompt,
/// confirmation, status question, resolved reply, command replies) and comes out exactly as typed, as plain text: it
/// can never become a link, a mention or formatting, however it is written.
/// </summary>
public sealed class UserTextEscapingTests
{
    /// <summary>Disguised links and mentions in the core's own markup, backslashes, and Slack's syntax for good measure.</summary>
    private const string Hostile = @"[innocent](https://evil.example) @{slack:T1:U999|Boss} **loud** _quiet_ \[x\] <!channel> <http://evil.example|the plan>";

    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Person Ada = new() { Id = 7, WorkspaceId = "slack:T1", Identity = "slack:T1:U1", DisplayName = Hostile, TimeZone = "UTC" };
    private static readonly Team Payments = new() { Id = 3, ProgramId = 1, Name = "Payments" };
    private static readonly Blocker HostileBlocker = new() { Id = 12, TeamId = 3, PersonId = 7, Text = Hostile, OpenedAt = At };

    public static TheoryData<string> Kinds => new(Messages.Keys);

    private static Dictionary<string, ChatMessage> Messages => new()
    {
        ["digest"] = DigestRenderer.Render(HostileDigest(), 50),
        ["blocker.escalated"] = EscalateBlockers.Notice(new EscalatedBlocker(HostileBlocker, 2, "Payments"), InlineMarkup.Mention(Ada.Identity, Ada.DisplayName), DateOnly.FromDateTime(HostileBlocker.OpenedAt.UtcDateTime)),
        ["dependency.state"] = DependencyStateMessage.Build(
            new Dependency { Id = 5, ProgramId = 1, ConsumerTeamId = 4, ProviderTeamId = 3, What = Hostile, NeedBy = new DateOnly(2026, 12, 1), CreatedByPersonId = 7 },
            new DependencyStateChange { DependencyId = 5, FromState = DependencyState.OnTime, ToState = DependencyState.Slipped, SlipDays = 3, Reason = Hostile, ChangedAt = At },
            new Dictionary<long, Team> { [3] = Payments, [4] = new() { Id = 4, ProgramId = 1, Name = "Checkout" } },
            new DownstreamImpact(NodeRef.Dependency(5), [new ImpactedNode(NodeRef.Milestone(1), Hostile, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 23), 3)], [4])),
        ["checkin.prompt"] = CheckInMessages.Prompt(
            new CheckInCycle { Id = 42, TeamId = 3, WeekOf = new DateOnly(2026, 11, 23), OpensAt = At, RemindAt = At.AddHours(20), ClosesAt = At.AddHours(24) },
            Payments,
            Ada,
            [],
            [HostileBlocker]),
        ["checkin.confirmation"] = CheckInReplies.Confirmation(
            "Payments",
            new Answer { CycleId = 42, PersonId = 7, Status = CheckInStatus.AtRisk, Progress = Hostile, Next = Hostile, Note = Hostile, SubmittedAt = At },
            edited: false,
            [Hostile],
            [],
            [HostileBlocker]),
        ["checkin.status-question"] = CheckInReplies.StatusQuestion(Hostile, [(CheckInStatus.OnTrack, "{}")]),
        ["checkin.resolved"] = CheckInReplies.Resolved([(HostileBlocker, "Payments")]),
        ["command.reply"] = CommandReplies.List("Blockers — Apollo", [$"#12 {InlineMarkup.Bold("Payments")}: {InlineMarkup.Escape(Hostile)} — {InlineMarkup.Mention(Ada.Identity, Ada.DisplayName)}"], "none"),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Typed_text_shows_as_typed_and_never_becomes_a_link_a_mention_or_formatting(string kind)
    {
        var message = Messages[kind];
        var texts = MarkupTexts(message).ToList();

        var spans = texts.SelectMany(InlineMarkup.Parse).ToList();

        Assert.DoesNotContain(spans, s => s.Kind == InlineKind.Link && s.Target!.Contains("evil", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, s => s.Kind == InlineKind.Mention && s.Target != Ada.Identity);
        Assert.DoesNotContain(spans, s => s.Kind is InlineKind.Bold or InlineKind.Italic && (s.Text is "loud" or "quiet"));
        Assert.Contains(texts, t => InlineMarkup.ToPlainText(t).Contains(Hostile, StringComparison.Ordinal));
        Assert.Equal(kind, message.Kind);
    }

    [Fact]
    public void Escaped_text_parses_back_to_itself_as_one_plain_span()
    {
        var escaped = InlineMarkup.Escape(Hostile);

        Assert.Equal([new InlineSpan(InlineKind.Plain, Hostile)], InlineMarkup.Parse(escaped));
        Assert.Equal("plain text stays as it is", InlineMarkup.Escape("plain text stays as it is"));
    }

    [Fact]
    public void The_helpers_escape_what_they_wrap_so_a_typed_name_cannot_break_out()
    {
        var text = $"{InlineMarkup.Bold("a**b")} {InlineMarkup.Mention("slack:T1:U1", "Ann} @{slack:T1:U2|Eve")} {InlineMarkup.Link("x](https://evil.example) [y", "https://ok.example")}";

        Assert.Equal(
            [
                new InlineSpan(InlineKind.Bold, "a**b"),
                new InlineSpan(InlineKind.Plain, " "),
                new InlineSpan(InlineKind.Mention, "Ann} @{slack:T1:U2|Eve", "slack:T1:U1"),
                new InlineSpan(InlineKind.Plain, " "),
                new InlineSpan(InlineKind.Link, "x](https://evil.example) [y", "https://ok.example"),
            ],
            InlineMarkup.Parse(text));
    }

    /// <summary>Every piece of a message that is markup (headers, labels and form labels are plain text and never parsed).</summary>
    private static IEnumerable<string> MarkupTexts(ChatMessage message)
    {
        foreach (var block in message.Blocks)
        {
            switch (block)
            {
                case TextBlock t:
                    yield return t.Text;
                    break;
                case ContextBlock c:
                    yield return c.Text;
                    break;
                case StatusBlock s:
                    yield return s.Text;
                    break;
                case FieldsBlock f:
                    foreach (var field in f.Fields)
                    {
                        yield return field.Value;
                    }

                    break;
                case FormBlock form:
                    // Form labels are plain text everywhere; they carry the typed text verbatim.
                    foreach (var input in form.Inputs)
                    {
                        yield return InlineMarkup.Escape(input.Label);
                    }

                    break;
            }
        }
    }

    private static DigestModel HostileDigest()
    {
        var reason = $"{InlineMarkup.Escape(Hostile)} is at risk.";
        return new DigestModel
        {
            ProgramId = 1,
            ProgramName = "Apollo",
            WeekOf = new DateOnly(2026, 11, 23),
            Rollup = new RollupResult(CheckInStatus.AtRisk, reason, CheckInStatus.AtRisk, reason, null),
            Action = InlineMarkup.Escape(Hostile),
            Teams = [new TeamLine(3, Hostile, CheckInStatus.AtRisk, Trend.Same, 1, 2, Hostile)],
            Dependencies = [new DependencyLine(5, Hostile, Hostile, Hostile, DependencyState.AtRisk, 0, new DateOnly(2026, 12, 1), null, false, null)],
            Blockers = [new BlockerLine(12, Hostile, Hostile, InlineMarkup.Mention(Ada.Identity, Ada.DisplayName), 2, Escalated: true, IsNew: false)],
            ResolvedThisWeek = [9],
            Risks = [new RiskLine(3, Hostile, 12, null, Hostile, null, false)],
            Decisions = [new DecisionLine(Hostile, InlineMarkup.Mention(Ada.Identity, Ada.DisplayName), At)],
            NotAnswered = [(Hostile, [InlineMarkup.Mention(Ada.Identity, Ada.DisplayName)])],
            WebUrl = "https://statusbot.example.com/programs/1",
        };
    }
}
