using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>The table: one <see cref="VerbSpec"/> per verb of the catalog.</summary>
public static class VerbTable
{
    private static readonly DateOnly Week = new(2026, 11, 23);

    public static IReadOnlyList<VerbSpec> All { get; } =
    [
        new("help", Outsider, "help team schedule", ["team schedule", "TPM"], NoCheck,
            [(Outsider, "help frobnicate", "no command"), (Outsider, "help tema", "Did you mean")], OtherWorkspaceNotFound: false),
        new("me", Outsider, "me", ["slack:T1:UOUT", "UTC"], NoCheck, [(Outsider, "me please", "Unexpected")], OtherWorkspaceNotFound: false),
        new("me export", Member, "me export", ["0 answer(s) and 2 blocker(s)", "1 direct message(s)"],
            async (w, _) =>
            {
                var max = (await w.ReadAsync(s => s.People.FindByIdentityAsync(Member, default)))!;
                var key = $"me-export:{max.Id}:{w.Time.GetUtcNow().ToUnixTimeMilliseconds()}:1";
                var sent = (await w.ReadAsync(s => s.Outbox.FindByDedupKeyAsync(key, default)))!;
                Assert.Equal(Member, sent.Destination.Address);
                Assert.Equal("me.export", sent.Message.Kind);
                Assert.Contains("Waiting on infra", Text(sent.Message), StringComparison.Ordinal);
                Assert.Contains("Flaky CI", Text(sent.Message), StringComparison.Ordinal);
            },
            [(Member, "me export now", "Unexpected")], OtherWorkspaceNotFound: false),
        new("leave", Member, "leave 2026-12-21 2027-01-01", ["2026-12-21"],
            async (w, _) => Assert.Single(await w.ReadAsync(async s => await s.People.ListLeaveAsync((await s.People.FindByIdentityAsync(Member, default))!.Id, default))),
            [(Member, "leave 2026-12-01", "Missing last day"), (Member, "leave 2026-02-30 2026-03-01", "not a date"), (Member, "leave 2026-12-10 2026-12-01", "before the first day"),
             (Member, "leave 2026-01-01 2026-01-02", "in the past"), (Member, "leave 2026-12-01 2028-01-01", "at most a year")], OtherWorkspaceNotFound: false),
        new("program create", Admin, "program create Zeus", ["Zeus", "TPM"],
            async (w, _) =>
            {
                var program = await w.ReadAsync(s => s.Programs.FindByNameAsync("slack:T1", "Zeus", default));
                var roles = await w.ReadAsync(s => s.Programs.ListRolesAsync(program!.Id, default));
                Assert.Equal(Core.People.Role.Tpm, Assert.Single(roles).Role);
            },
            [(Admin, "program create Apollo", "already exists"), (Admin, "program create", "Missing program name"), (Admin, "program create a/b", "cannot be a program name"),
             (Admin, "program create \"Zeus\" extra", "Unexpected")], OtherWorkspaceNotFound: false),
        new("program list", Outsider, "program list", ["Apollo", "Gemini"],
            (_, reply) =>
            {
                Assert.DoesNotContain("Hermes", Text(reply), StringComparison.Ordinal);
                return Task.CompletedTask;
            },
            [(Outsider, "program list all", "Unexpected")], OtherWorkspaceNotFound: false),
        new("program channel", Tpm, "program channel Apollo <#C9|apollo-leads>", ["#apollo-leads", "2 channel"],
            async (w, _) => Assert.Contains(await w.ReadAsync(s => s.Programs.ListChannelsAsync(w.Apollo, default)), c => c.ChannelRef == "slack:T1:C9"),
            [(Tpm, "program channel Apolo <#C9|x>", "Closest: **Apollo**"), (Tpm, "program channel Apollo general", "channel reference"),
             (Tpm, "program channel Apollo <#CSTATUS|apollo-status>", "already posts"), (Tpm, "program channel Apollo here", "only when the command is sent in a channel")]),
        new("program digest", Tpm, "program digest Apollo friday 16:00 Europe/Berlin", ["Friday 16:00 Europe/Berlin"],
            async (w, _) =>
            {
                Assert.Equal(new Core.WeeklySlot(DayOfWeek.Friday, new TimeOnly(16, 0), "Europe/Berlin"), (await w.ReadAsync(s => s.Programs.GetAsync(w.Apollo, default)))!.DigestSlot);
                Assert.Contains($"digest-schedule:{w.Apollo}", w.CheckIns.Calls);
            },
            [(Tpm, "program digest Apollo funday 16:00", "not a weekday"), (Tpm, "program digest Apollo friday 25:00", "not a time"),
             (Tpm, "program digest Apollo friday 16:00 Mars/Base", "not a time zone"), (Tpm, "program digest Apollo friday", "Missing time")]),
        new("program tpm", Tpm, "program tpm Apollo <@UNEW|newbie>", ["newbie"],
            async (w, _) =>
            {
                var person = await w.ReadAsync(s => s.People.FindByIdentityAsync("slack:T1:UNEW", default));
                Assert.Contains(await w.ReadAsync(s => s.Programs.ListRolesAsync(w.Apollo, default)), r => r.PersonId == person!.Id && r.Role == Core.People.Role.Tpm);
            },
            [(Tpm, "program tpm Apollo", "Missing a person"), (Tpm, "program tpm Apollo ada", "mention"), (Tpm, "program tpm Apollo @nobody", "do not know")]),
        new("program viewer", Tpm, "program viewer Apollo <@ULIN|lin>", ["Viewer of **Apollo**", "lin"],
            async (w, _) =>
            {
                var person = await w.ReadAsync(s => s.People.FindByIdentityAsync("slack:T1:ULIN", default));
                Assert.Contains(await w.ReadAsync(s => s.Programs.ListRolesAsync(w.Apollo, default)), r => r.PersonId == person!.Id && r.Role == Core.People.Role.Viewer);
                Assert.Equal("digest", (await w.RunAsync("slack:T1:ULIN", "status Apollo")).Kind);
            },
            [(Tpm, "program viewer Apollo", "Missing a person"), (Tpm, "program viewer Hermes <@ULIN>", "no program **Hermes**")]),
        new("team add", Tpm, "team add Mobile Web to Apollo", ["Mobile Web", "**team members \"Mobile Web\" @…**"],
            async (w, _) => Assert.NotNull(await w.ReadAsync(s => s.Teams.FindByNameAsync(w.Apollo, "mobile web", default))),
            [(Tpm, "team add Mobile Apollo", "Missing 'to'"), (Tpm, "team add Payments to Apollo", "already has a team"), (Tpm, "team add Mobile to Hermes", "no program **Hermes**"),
             (Tpm, "team add to Apollo", "Missing team name")]),
        new("team remove", Tpm, "team remove Checkout confirm", ["Removed team **Checkout** from **Apollo**, with its 2 dependencies"],
            async (w, reply) =>
            {
                Assert.Contains($"with its 2 dependencies (#{w.Dependency}, #{w.SecondDependency}).", Text(reply), StringComparison.Ordinal);
                Assert.Null(await w.ReadAsync(s => s.Teams.GetAsync(w.Checkout, default)));
                Assert.DoesNotContain(await w.ReadAsync(s => s.Dependencies.ListAsync(w.Apollo, default)), d => d.Id == w.Dependency || d.Id == w.SecondDependency);
                Assert.Contains($"schedule:{w.Checkout}", w.CheckIns.Calls);
            },
            [(Tpm, "team remove Paymnts", "Closest: **Payments**"), (Tpm, "team remove", "Missing team"),
             (Tpm, "team remove Checkout", "**Checkout** has 2 dependencies (#{dep}, #{dep2}); removing it deletes them all. To stop its check-ins and keep its history: **team pause Checkout**. To delete it anyway: **team remove Checkout confirm**."),
             (Tpm, "team remove Payments", "1 check-in week, 2 blockers and 2 dependencies"), (Tpm, "team remove Checkout now", "Unexpected now")]),
        new("team members", Tpm, "team members Payments <@UNEW|newbie> <@UCHK>", ["newbie", "3 member"],
            async (w, _) => Assert.Equal(3, (await w.ReadAsync(s => s.Teams.ListMembersAsync(w.Payments, default))).Count),
            [(Tpm, "team members Payments", "Missing a person"), (Tpm, "team members Payments <@U1|x> notaperson", "mention"), (Tpm, "team members Ledger <@U1|x>", "no team **Ledger**")]),
        new("team lead", Tpm, "team lead Payments <@UMEM> <@UNEW|newbie>", ["Leads of **Payments**", "newbie", "slip notices"],
            async (w, _) =>
            {
                var members = await w.ReadAsync(s => s.Teams.ListMembersAsync(w.Payments, default));
                Assert.Equal([true, true], members.Select(m => m.IsLead));
                Assert.Equal(CommandReplies.ReplyKind, (await w.RunAsync(Tpm, "team members Payments <@UMEM>")).Kind);
                Assert.All(await w.ReadAsync(s => s.Teams.ListMembersAsync(w.Payments, default)), m => Assert.True(m.IsLead)); // re-adding keeps the role
            },
            [(Tpm, "team lead Payments", "Missing a person"), (Tpm, "team lead Payments max", "mention"), (Tpm, "team lead Ledger <@U1|x>", "no team **Ledger**")]),
        new("team drop", Tpm, "team drop Payments <@UMEM>", ["Dropped"],
            async (w, _) => Assert.Empty(await w.ReadAsync(s => s.Teams.ListMembersAsync(w.Payments, default))),
            [(Tpm, "team drop Payments <@UVIEW>", "not a member"), (Tpm, "team drop Payments <@UNOBODY>", "do not know"), (Tpm, "team drop Payments <@UMEM> <@UVIEW>", "Unexpected")]),
        new("team schedule", Tpm, "team schedule Payments monday 10:00 Europe/Berlin window 24h remind 4h", ["Monday 10:00 Europe/Berlin", "24h"],
            async (w, _) =>
            {
                var schedule = await w.ReadAsync(s => s.Teams.GetScheduleAsync(w.Payments, default));
                Assert.Equal((DayOfWeek.Monday, new TimeOnly(10, 0), "Europe/Berlin", 1440, 240), (schedule!.Day, schedule.LocalTime, schedule.TimeZone, schedule.WindowMinutes, schedule.ReminderMinutesBeforeClose));
                Assert.Contains($"schedule:{w.Payments}", w.CheckIns.Calls);
            },
            [(Tpm, "team schedule Payments mondy 10:00", "did you mean monday"), (Tpm, "team schedule Payments monday 10h", "not a time"),
             (Tpm, "team schedule Payments monday 10:00 Europe/Nowhere", "not a time zone"), (Tpm, "team schedule Payments monday 10:00 window 0h", "not a number of hours"),
             (Tpm, "team schedule Payments monday 10:00 window 24h remind 30h", "shorter than"), (Tpm, "team schedule Payments monday 10:00 window 1h", "needs at least 2h"), (Tpm, "team schedule Payments monday 10:00 weekly", "Unexpected"),
             (Tpm, "team schedule Payments monday 10:00 windw 24h", "Did you mean **window**")]),
        new("team pause", Tpm, "team pause Payments", ["Paused", "its open check-in (week of 2026-11-23) takes answers until", "sends no reminder"],
            async (w, _) =>
            {
                Assert.True((await w.ReadAsync(s => s.Teams.GetAsync(w.Payments, default)))!.Paused);
                Assert.Contains($"schedule:{w.Payments}", w.CheckIns.Calls);
            },
            [(Tpm, "team pause", "Missing team"), (Tpm, "team pause Search Payments", "Unexpected")]),
        new("team resume", Tpm, "team resume Payments", ["Resumed"],
            async (w, _) =>
            {
                Assert.False((await w.ReadAsync(s => s.Teams.GetAsync(w.Payments, default)))!.Paused);
                Assert.Equal(2, w.CheckIns.Calls.Count(c => c == $"schedule:{w.Payments}"));
            },
            [(Tpm, "team resume Paymnts", "Closest: **Payments**"), (Tpm, "team resume Payments now", "Unexpected")])
        {
            Before = "team pause Payments",
        },
        new("team skip", Tpm, "team skip Payments 2026-12-30", ["2026-12-28"],
            async (w, _) => Assert.Equal(new DateOnly(2026, 12, 28), Assert.Single(await w.ReadAsync(s => s.Teams.ListSkippedWeeksAsync(w.Payments, default))).WeekOf),
            [(Tpm, "team skip Payments 2026-11-01", "is over"), (Tpm, "team skip Payments 2026-12-32", "not a date"),
             (Tpm, "team skip Payments 2026-11-25", "is already open, so it can no longer be skipped")]),
        new("checkin start", Tpm, "checkin start Apollo", ["Payments", "opened, 3 prompted"],
            (w, _) =>
            {
                Assert.Contains($"start:{w.Payments}", w.CheckIns.Calls);
                Assert.Contains($"start:{w.Checkout}", w.CheckIns.Calls);
                return Task.CompletedTask;
            },
            [(Tpm, "checkin start", "Missing team or program"), (Tpm, "checkin start Apolo", "Closest")]),
        new("checkin missing", Tpm, "checkin missing Apollo", ["Max", "no open check-in"], NoCheck,
            [(Tpm, "checkin missing Nowhere", "no team or program")]),
        new("checkin remind", Tpm, "checkin remind Payments", ["Reminded 2"],
            (w, _) =>
            {
                Assert.Contains($"remind:{w.Payments}", w.CheckIns.Calls);
                return Task.CompletedTask;
            },
            [(Tpm, "checkin remind Payments now", "Unexpected"), (Tpm, "checkin remind Checkout", "**Checkout** has no open check-in to remind people of; start one with **checkin start Checkout**.")]),
        new("dep add", Tpm, "dep add Checkout needs \"ledger export\" from Payments by 2026-12-20 for Beta", ["ledger export", "2026-12-20", "for milestone **Beta**"],
            async (w, _) => Assert.Contains(await w.ReadAsync(s => s.Dependencies.ListAsync(w.Apollo, default)), d => d.What == "ledger export" && d.ConsumerTeamId == w.Checkout && d.ProviderTeamId == w.Payments && d.MilestoneId == w.Milestone),
            [(Tpm, "dep add Chekout needs \"x\" from Payments by 2026-12-20", "Closest: **Checkout**"), (Tpm, "dep add Checkout needs \"x\" from Payments by 2026-11-01", "in the past"),
             (Tpm, "dep add Checkout needs \"x\" from Checkout by 2026-12-20", "itself"), (Tpm, "dep add Checkout needs \"x\" from Search by 2026-12-20", "different programs"),
             (Tpm, "dep add Checkout wants \"x\" from Payments by 2026-12-20", "Expected 'needs'"), (Tpm, "dep add Checkout needs \"x\" from Payments by 2026-12-40", "not a date"),
             (Tpm, "dep add Checkout needs \"x\" from Payments by 2026-12-20 for Gamma", "no milestone **Gamma**"), (Tpm, "dep add Checkout needs \"x\" from Payments by 2026-12-20 for", "Missing milestone")]),
        new("dep eta", Member, "dep eta {dep} 2026-12-18", ["2026-12-18", "3 day(s) after", "now **at risk**"],
            async (w, _) =>
            {
                var dependency = (await w.ReadAsync(s => s.Dependencies.GetAsync(w.Dependency, default)))!;
                Assert.Equal((new DateOnly(2026, 12, 18), DependencyState.AtRisk), (dependency.Eta, dependency.State));
                var change = Assert.Single(await w.ReadAsync(s => s.Dependencies.ListEtaChangesAsync(w.Dependency, default)));
                Assert.Equal((null, new DateOnly(2026, 12, 18)), (change.FromEta, change.ToEta));
            },
            [(Member, "dep eta {dep} 2026-11-01", "in the past"), (Member, "dep eta {dep} soon", "not a date"), (Member, "dep eta 999 2026-12-18", "no dependency #999"),
             (Member, "dep eta {otherDep} 2026-12-18", "no dependency"), (Member, "dep eta abc 2026-12-18", "not an id")])
        {
            AlsoRefused = [CheckoutMember],
        },
        new("dep done", Member, "dep done {dep}", ["delivered"],
            async (w, _) =>
            {
                Assert.Equal(DependencyState.Delivered, (await w.ReadAsync(s => s.Dependencies.GetAsync(w.Dependency, default)))!.State);
                Assert.Equal(DependencyState.Delivered, Assert.Single(await w.ReadAsync(s => s.Dependencies.ListStateChangesAsync(w.Dependency, default))).ToState);
            },
            [(Member, "dep done", "Missing dependency id")])
        {
            AlsoRefused = [CheckoutMember],
        },
        new("dep drop", Tpm, "dep drop {dep}", ["Dropped"],
            async (w, _) => Assert.Equal(DependencyState.Dropped, (await w.ReadAsync(s => s.Dependencies.GetAsync(w.Dependency, default)))!.State),
            [(Tpm, "dep drop {dep} {dep}", "Unexpected")]),
        new("dep list", Viewer, "dep list Payments", ["refund API", "Checkout"], NoCheck, [(Viewer, "dep list Paymens", "Closest: **Payments**")]),
        new("dep waits", Tpm, "dep waits {dep2} on {dep}", ["now waits on #", "settlement report", "refund API"],
            async (w, _) => Assert.Equal(
                [(w.Dependency, w.SecondDependency)],
                (await w.ReadAsync(s => s.Dependencies.ListLinksAsync(w.Apollo, default))).Select(l => (l.UpstreamId, l.DownstreamId))),
            [(Tpm, "dep waits {dep} on {dep}", "cannot wait on itself"), (Tpm, "dep waits {dep} on {otherDep}", "no dependency"), (Tpm, "dep waits {dep} {dep2}", "Expected 'on'"),
             (Tpm, "dep waits {dep} on 999", "no dependency #999"), (Tpm, "dep waits {dep} on", "Missing dependency id")]),
        new("dep for", Tpm, "dep for {dep} Beta", ["serves milestone", "**Beta**", "2026-12-18"],
            async (w, _) => Assert.Equal(w.Milestone, (await w.ReadAsync(s => s.Dependencies.GetAsync(w.Dependency, default)))!.MilestoneId),
            [(Tpm, "dep for {dep} Gamma", "no milestone **Gamma**"), (Tpm, "dep for {dep}", "Missing milestone"), (Tpm, "dep for 999 Beta", "no dependency #999"),
             (Tpm, "dep for {dep} 999", "no milestone #999")]),
        new("milestone add", Tpm, "milestone add \"GA\" 2027-01-15 in Apollo", ["**GA**", "2027-01-15"],
            async (w, _) =>
            {
                var ga = Assert.Single(await w.ReadAsync(s => s.Milestones.ListAsync(w.Apollo, default)), m => m.Name == "GA");
                Assert.Equal((new DateOnly(2027, 1, 15), new DateOnly(2027, 1, 15)), (ga.DueDate, ga.OriginalDueDate));
            },
            [(Tpm, "milestone add GA 2026-11-01 in Apollo", "in the past"), (Tpm, "milestone add beta 2027-01-15 in Apollo", "already has a milestone"),
             (Tpm, "milestone add GA 2027-01-15 in Hermes", "no program **Hermes**"), (Tpm, "milestone add GA 2027-13-01", "not a date"), (Tpm, "milestone add GA", "Missing due date"),
             (Tpm, "milestone add GA 2027-01-15 on Apollo", "Unexpected")]),
        new("milestone list", Viewer, "milestone list Apollo", ["Beta", "due 2026-12-18", "on schedule"], NoCheck, [(Viewer, "milestone list Apolo", "Closest")]),
        new("milestone date", Tpm, "milestone date {milestone} 2027-01-08", ["2027-01-08", "first planned 2026-12-18", "moved 1 time"],
            async (w, _) =>
            {
                var beta = (await w.ReadAsync(s => s.Milestones.GetAsync(w.Milestone, default)))!;
                Assert.Equal((new DateOnly(2027, 1, 8), new DateOnly(2026, 12, 18)), (beta.DueDate, beta.OriginalDueDate));
                var change = Assert.Single(await w.ReadAsync(s => s.Milestones.ListDateChangesAsync(w.Milestone, default)));
                Assert.Equal((new DateOnly(2026, 12, 18), new DateOnly(2027, 1, 8)), (change.FromDate, change.ToDate));
            },
            [(Tpm, "milestone date {milestone} 2026-11-01", "in the past"), (Tpm, "milestone date {milestone} 2026-12-18", "already due"),
             (Tpm, "milestone date 999 2027-01-08", "no milestone #999"), (Tpm, "milestone date {milestone}", "Missing new date")]),
        new("milestone done", Tpm, "milestone done {milestone}", ["reached"],
            async (w, _) => Assert.NotNull((await w.ReadAsync(s => s.Milestones.GetAsync(w.Milestone, default)))!.ReachedAt),
            [(Tpm, "milestone done", "Missing milestone id"), (Tpm, "milestone done {milestone} now", "Unexpected"), (Tpm, "milestone done 999", "no milestone #999")]),
        new("risk add", Tpm, "risk add \"Cert expiry\" p2 i5 owner <@UMEM> mitigation \"renew early\" in Apollo", ["Cert expiry", "10"],
            async (w, _) =>
            {
                var risk = Assert.Single(await w.ReadAsync(s => s.Risks.ListAsync(w.Apollo, default)), r => r.Title == "Cert expiry");
                Assert.Equal((2, 5, "renew early"), (risk.Probability, risk.Impact, risk.Mitigation));
                Assert.NotNull(risk.OwnerPersonId);
            },
            [(Tpm, "risk add \"Cert expiry\" p2", "impact"), (Tpm, "risk add \"Cert expiry\" p7 i2", "not a probability"), (Tpm, "risk add \"Cert expiry\" p2 i2 soon", "Unexpected"),
             (Tpm, "risk add \"Cert expiry\" p2 i2 mitigaton \"x\"", "Did you mean **mitigation**"),
             (Tpm, "risk add \"Cert expiry\" p2 i2 in Hermes", "no program")]),
        new("risk update", Tpm, "risk update {risk} p2 mitigation \"stub the SDK\"", ["score 8"],
            async (w, _) => Assert.Equal((2, "stub the SDK"), (await w.ReadAsync(s => s.Risks.GetAsync(w.Risk, default))) is { } r ? (r.Probability, r.Mitigation) : default),
            [(Tpm, "risk update {risk}", "Say what to change"), (Tpm, "risk update 999 p2", "no risk #999"), (Tpm, "risk update {risk} i9", "not a impact")]),
        new("risk close", Tpm, "risk close {risk}", ["Closed"],
            async (w, _) => Assert.Equal(RiskState.Closed, (await w.ReadAsync(s => s.Risks.GetAsync(w.Risk, default)))!.State),
            [(Tpm, "risk close", "Missing risk id")]),
        new("risk list", Viewer, "risk list Apollo", ["Vendor SDK late", "12"], NoCheck, [(Viewer, "risk list Apolo", "Closest")]),
        new("decision", Tpm, "decision \"Ship without offline mode\" Apollo", ["Ship without offline mode"],
            async (w, _) => Assert.Single(await w.ReadAsync(s => s.Decisions.ListAsync(w.Apollo, default))),
            [(Tpm, "decision", "Missing the decision"), (Tpm, "decision \"x\" Apollo more", "Unexpected")]),
        new("decisions", Viewer, "decisions Apollo", ["Decisions"], NoCheck, [(Viewer, "decisions Apollo Gemini", "Unexpected")]),
        new("audit", Tpm, "audit Apollo since 2026-11-01", ["Changes — Apollo since 2026-11-01", "**status set** Apollo status override", "off track: \"Vendor contract unsigned\""], NoCheck,
            [(Tpm, "audit Apolo", "Closest"), (Tpm, "audit Apollo since 2026-13-01", "not a date"), (Tpm, "audit Apollo since", "Missing date"), (Tpm, "audit Apollo until 2026-11-01", "Unexpected")])
        {
            Before = "status set Apollo off-track \"Vendor contract unsigned\"",
        },
        new("status", Viewer, "status Apollo", ["Week of 2026-11-23"],
            (w, reply) =>
            {
                Assert.Equal("digest", reply.Kind);
                Assert.Contains($"build:{w.Apollo}:2026-11-23", w.Digests.Calls);
                return Task.CompletedTask;
            },
            [(Viewer, "status Apolo", "Closest")], OtherWorkspaceNotFound: true),
        new("status set", Tpm, "status set Apollo at-risk \"Refund API replanned\"", ["At risk", "Refund API replanned", "status clear Apollo"],
            async (w, _) =>
            {
                var program = (await w.ReadAsync(s => s.Programs.GetAsync(w.Apollo, default)))!;
                Assert.Equal((CheckInStatus.AtRisk, "Refund API replanned"), (program.StatusOverride!.Status, program.StatusOverride.Reason));
            },
            [(Tpm, "status set Apollo amber \"x\"", "not a status"), (Tpm, "status set Apollo at-risk", "Missing reason"), (Tpm, "status set Apolo at-risk \"x\"", "Closest"),
             (Tpm, "status set Apollo at-risk \" \"", "Expected reason")]),
        new("status clear", Tpm, "status clear Apollo", ["Cleared the status override"],
            async (w, _) => Assert.Null((await w.ReadAsync(s => s.Programs.GetAsync(w.Apollo, default)))!.StatusOverride),
            [(Admin, "status clear Gemini", "no status override or note"), (Tpm, "status clear", "Missing program")])
        {
            Before = "status set Apollo off-track \"Vendor contract unsigned\"",
        },
        new("status note", Tpm, "status note Apollo \"Payments adds two engineers to the refund API\"", ["Noted", "two engineers"],
            async (w, _) => Assert.Equal("Payments adds two engineers to the refund API", (await w.ReadAsync(s => s.Programs.GetAsync(w.Apollo, default)))!.StatusNote!.Text),
            [(Tpm, "status note Apollo", "Missing what is being done"), (Tpm, "status note Apollo \"x\" more", "Unexpected")]),
        new("blockers", Viewer, "blockers Apollo", ["Waiting on infra", "Max", "blocker resolve <id>"],
            (w, reply) =>
            {
                Assert.Contains($"#{w.Blocker} **Payments**: Waiting on infra", Text(reply), StringComparison.Ordinal);
                Assert.DoesNotContain("Flaky CI", Text(reply), StringComparison.Ordinal);
                return Task.CompletedTask;
            },
            [(Viewer, "blockers Apollo extra", "Unexpected")]),
        new("blocker resolve", Member, "blocker resolve {blocker} \"infra ticket closed\"", ["Resolved blocker", "Waiting on infra", "infra ticket closed"],
            async (w, _) =>
            {
                var blocker = (await w.ReadAsync(s => s.Blockers.GetAsync(w.Blocker, default)))!;
                var max = (await w.ReadAsync(s => s.People.FindByIdentityAsync(Member, default)))!;
                Assert.Equal((Seed.Now, max.Id, "infra ticket closed"), (blocker.ResolvedAt, blocker.ResolvedByPersonId, blocker.ResolutionNote));
                Assert.Empty(await w.ReadAsync(s => s.Blockers.ListOpenAsync(w.Payments, default)));
            },
            [(Member, "blocker resolve", "Missing blocker id"), (Member, "blocker resolve abc", "not an id"), (Member, "blocker resolve 999", "no blocker #999 in this workspace"),
             (Member, "blocker resolve {otherBlocker}", "no blocker"), (Member, "blocker resolve {resolvedBlocker}", "already resolved by @{slack:T1:UTPM|Tess} on"),
             (Member, "blocker resolve {blocker} \"x\" extra", "Unexpected")])
        {
            AlsoRefused = [CheckoutMember],
        },
        new("digest history", Viewer, "digest history Apollo", ["Digest history — Apollo", "No digest has been posted yet."], NoCheck,
            [(Viewer, "digest history Apolo", "Closest"), (Viewer, "digest history", "Missing program"), (Viewer, "digest history Apollo Gemini", "Unexpected")]),
        new("digest preview", Tpm, "digest preview Apollo", ["Week of 2026-11-23"],
            (w, _) =>
            {
                Assert.Contains($"build:{w.Apollo}:{Week:yyyy-MM-dd}", w.Digests.Calls);
                return Task.CompletedTask;
            },
            [(Tpm, "digest preview", "Missing program")]),
        new("digest post", Tpm, "digest post Apollo", ["#apollo-status"],
            (w, _) =>
            {
                Assert.Contains($"publish:{w.Apollo}:2026-11-23", w.Digests.Calls);
                return Task.CompletedTask;
            },
            [(Admin, "digest post Gemini", "no digest channel")]),
        new("forget", Admin, "forget <@UMEM>", ["**former member #", "Counts stay right"],
            async (w, _) =>
            {
                Assert.Null(await w.ReadAsync(s => s.People.FindByIdentityAsync(Member, default)));
                var blocker = (await w.ReadAsync(s => s.Blockers.GetAsync(w.Blocker, default)))!;
                var person = (await w.ReadAsync(s => s.People.GetAsync(blocker.PersonId, default)))!;
                Assert.Equal(($"former member #{person.Id}", $"slack:T1:forgotten-{person.Id}", false), (person.DisplayName, person.Identity, person.Active));
                Assert.Equal("(removed)", blocker.Text);
                Assert.Empty(await w.ReadAsync(s => s.Teams.ListMembersAsync(w.Payments, default)));
                var entry = (await w.ReadAsync(s => s.Audit.ListAsync("slack:T1", null, null, 1, default)))[0];
                Assert.Equal(("forget", $"former member #{person.Id}"), (entry.Action, entry.Subject));
            },
            [(Admin, "forget", "Missing"), (Admin, "forget max", "mention"), (Admin, "forget <@UNOBODY>", "do not know"), (Admin, "forget <@UADMIN>", "cannot forget yourself"),
             (Admin, "forget <@UMEM> <@UCHK>", "Unexpected")]),
    ];


    private static Task NoCheck(CommandWorld world, Core.Messages.ChatMessage reply) => Task.CompletedTask;

    public static string Text(Core.Messages.ChatMessage message) =>
        message.Summary + "\n" + string.Join("\n", message.Blocks.Select(block => block switch
        {
            Core.Messages.TextBlock t => t.Text,
            Core.Messages.HeaderBlock h => h.Text,
            Core.Messages.ContextBlock c => c.Text,
            Core.Messages.FieldsBlock f => string.Join("\n", f.Fields.Select(x => $"{x.Label}: {x.Value}")),
            _ => string.Empty,
        }));
}
