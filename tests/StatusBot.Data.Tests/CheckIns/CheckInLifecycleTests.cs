using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

public sealed class CheckInLifecycleTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Opening_a_cycle_asks_active_members_not_on_leave_with_one_prompt_each(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);

        var result = await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);

        Assert.True(result.Opened);
        Assert.Equal(2, result.Prompted);
        var cycle = result.Cycle!;
        Assert.Equal((CheckInWorld.Week, CheckInWorld.SlotOpens, CheckInWorld.SlotOpens.AddHours(20), CheckInWorld.SlotOpens.AddHours(24)),
            (cycle.WeekOf, cycle.OpensAt, cycle.RemindAt, cycle.ClosesAt));
        var members = await w.InSession(s => s.CheckIns.ListCycleMembersAsync(cycle.Id, Ct));
        Assert.Equal(new[] { w.Ada.Id, w.Dee.Id }.Order(), members.Select(m => m.PersonId));
        Assert.All(members, m => Assert.Equal(CheckInWorld.SlotOpens, m.PromptedAt));

        var prompt = await w.InSession(s => s.Outbox.FindByDedupKeyAsync(PromptMembers.DedupKey(cycle.Id, w.Ada.Id), Ct));
        Assert.NotNull(prompt);
        Assert.Equal((CheckInMessages.PromptKind, DestinationKind.DirectMessage, w.Ada.Identity, w.Program.Id),
            (prompt.Message.Kind, prompt.Destination.Kind, prompt.Destination.Address, prompt.ProgramId));
        var form = prompt.Message.Blocks.OfType<FormBlock>().Single();
        Assert.Equal($"checkin:{cycle.Id}", form.FormId);
        var status = Assert.IsType<ChoiceInput>(form.Inputs[0]);
        Assert.Equal(["on_track", "at_risk", "off_track"], status.Options.Select(o => o.Value));
        Assert.Equal(
            ["status", "progress", "next", "blockers", "note", $"dep:{w.LedgerApi.Id}:eta", $"dep:{w.LedgerApi.Id}:done"],
            form.Inputs.Select(i => i.Id));
        Assert.Equal(new DateOnly(2026, 12, 10), Assert.IsType<DateInput>(form.Inputs[5]).Value);
        Assert.Contains(prompt.Message.Blocks.OfType<ActionsBlock>().Single().Buttons, b => b.ActionId == CheckInMessages.OpenFormAction && b.Value == $"{cycle.Id}");
        Assert.Null(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(PromptMembers.DedupKey(cycle.Id, w.Bob.Id), Ct)));
        Assert.Equal([cycle], w.Scheduler.Opened);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Opening_the_same_week_again_prompts_nobody_twice(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var first = await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);

        w.Time.Advance(TimeSpan.FromHours(1));
        var again = await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        var startNow = await w.Operations.StartNowAsync(w.Payments.Id, Ct);

        Assert.False(again.Opened);
        Assert.Equal(first.Cycle, again.Cycle);
        Assert.Equal((first.Cycle!, false, 0), (startNow.Cycle, startNow.Opened, startNow.Prompted));
        Assert.Equal(2, await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_paused_team_or_a_skipped_week_opens_no_cycle(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.InSession(async s =>
        {
            await s.Teams.UpdateAsync(w.Payments with { Paused = true }, Ct);
            await s.Teams.AddSkippedWeekAsync(new SkippedWeek { TeamId = w.Ledger.Id, WeekOf = CheckInWorld.Week, Reason = "offsite" }, Ct);
            return true;
        });

        var paused = await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        var skipped = await w.OpenCycle.OpenAsync(w.LedgerSchedule, CheckInWorld.Slot(w.LedgerSchedule), Ct);
        var refused = await Assert.ThrowsAsync<CheckInRefusedException>(() => w.Operations.StartNowAsync(w.Payments.Id, Ct));

        Assert.Null(paused.Cycle);
        Assert.Contains("paused", paused.NotOpenedReason, StringComparison.Ordinal);
        Assert.Null(skipped.Cycle);
        Assert.Contains("offsite", skipped.NotOpenedReason, StringComparison.Ordinal);
        Assert.Contains("paused", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await w.InSession(s => s.CheckIns.ListOpenCyclesAsync(Ct)));
        Assert.Equal(0, await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Reminders_go_once_and_only_to_members_who_have_not_answered(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada), Ct));

        w.Time.Advance(TimeSpan.FromHours(20));
        var scheduled = await w.Reminders.SendAsync(cycle.Id, Ct);
        var manual = await w.Operations.RemindNowAsync(w.Payments.Id, Ct);

        Assert.Equal((1, 0), (scheduled, manual));
        Assert.Null(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(SendReminders.DedupKey(cycle.Id, w.Ada.Id), Ct)));
        var reminder = await w.InSession(s => s.Outbox.FindByDedupKeyAsync(SendReminders.DedupKey(cycle.Id, w.Dee.Id), Ct));
        Assert.Equal(CheckInMessages.ReminderKind, reminder!.Message.Kind);
        Assert.Equal(w.Dee.Identity, reminder.Destination.Address);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_team_paused_while_its_round_is_open_takes_answers_but_is_not_reminded_until_resumed(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        await w.InSession(async s =>
        {
            await s.Teams.UpdateAsync(w.Payments with { Paused = true }, Ct);
            return true;
        });

        var answer = await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada), Ct);
        w.Time.Advance(TimeSpan.FromHours(20));
        var whilePaused = (await w.Reminders.SendAsync(cycle.Id, Ct), await w.Operations.RemindNowAsync(w.Payments.Id, Ct));

        Assert.IsType<AnswerOutcome.Recorded>(answer);
        Assert.Equal((0, 0), whilePaused);
        Assert.Null(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(SendReminders.DedupKey(cycle.Id, w.Dee.Id), Ct)));

        await w.InSession(async s =>
        {
            await s.Teams.UpdateAsync(w.Payments with { Paused = false }, Ct);
            return true;
        });
        Assert.Equal(1, await w.Operations.RemindNowAsync(w.Payments.Id, Ct));
        Assert.NotNull(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(SendReminders.DedupKey(cycle.Id, w.Dee.Id), Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_edit_before_close_keeps_every_version_in_the_history(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;

        var first = Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada), Ct));
        w.Time.Advance(TimeSpan.FromHours(2));
        var edit = Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada, CheckInStatus.AtRisk, "Refunds slipped"), Ct));

        Assert.False(first.Edited);
        Assert.True(edit.Edited);
        Assert.False(edit.Answer.IsLate);
        var revisions = await w.InSession(s => s.CheckIns.ListAnswerRevisionsAsync(cycle.Id, w.Ada.Id, Ct));
        Assert.Equal(["Shipped refunds", "Refunds slipped"], revisions.Select(r => r.Progress));
        Assert.Equal([CheckInStatus.OnTrack, CheckInStatus.AtRisk], revisions.Select(r => r.Status));
        Assert.Equal(2, edit.Answer.Revision);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_answer_after_close_is_kept_and_marked_late_until_the_next_cycle_opens(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        w.Time.Advance(TimeSpan.FromHours(24));
        Assert.True(await w.Close.CloseAsync(cycle.Id, Ct));

        w.Time.Advance(TimeSpan.FromDays(2));
        var late = Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Dee), Ct));
        w.Time.Advance(TimeSpan.FromDays(4));
        var next = CheckInClock.NextSlot(w.PaymentsSchedule, w.Time.GetUtcNow());
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, next, Ct);
        var tooLate = await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada, cycleId: cycle.Id), Ct);

        Assert.True(late.Answer.IsLate);
        Assert.True((await w.InSession(s => s.CheckIns.GetAnswerAsync(cycle.Id, w.Dee.Id, Ct)))!.IsLate);
        var refused = Assert.IsType<AnswerOutcome.Refused>(tooLate);
        Assert.Contains("is over", refused.Reason, StringComparison.Ordinal);
        Assert.Null(await w.InSession(s => s.CheckIns.GetAnswerAsync(cycle.Id, w.Ada.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Blockers_become_rows_and_dependency_updates_move_the_ETA_or_mark_it_delivered(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        var newEta = new DateOnly(2026, 12, 20);

        var recorded = await w.Answers.RecordAsync(
            CheckInWorld.Answer(w.Ada) with { NewBlockers = ["Waiting on PCI review", "  ", "No staging DB"], DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, newEta, false)] },
            Ct);
        var edited = await w.Answers.RecordAsync(
            CheckInWorld.Answer(w.Ada) with { NewBlockers = ["Waiting on PCI review"], DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, null, true)] },
            Ct);

        Assert.IsType<AnswerOutcome.Recorded>(recorded);
        Assert.IsType<AnswerOutcome.Recorded>(edited);
        var blockers = await w.InSession(s => s.Blockers.ListOpenAsync(w.Payments.Id, Ct));
        Assert.Equal(["No staging DB", "Waiting on PCI review"], blockers.Select(b => b.Text).Order());
        Assert.All(blockers, b => Assert.Equal((w.Ada.Id, cycle.Id), (b.PersonId, b.RaisedInCycleId!.Value)));
        var dependency = await w.InSession(s => s.Dependencies.GetAsync(w.LedgerApi.Id, Ct));
        Assert.Equal((newEta, DependencyState.Delivered, w.Time.GetUtcNow()), (dependency!.Eta, dependency.State, dependency.DeliveredAt!.Value));
        var change = Assert.Single(await w.InSession(s => s.Dependencies.ListEtaChangesAsync(w.LedgerApi.Id, Ct)));
        Assert.Equal((new DateOnly(2026, 12, 10), newEta, w.Ada.Id), (change.FromEta, change.ToEta, change.ChangedByPersonId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_refused_answer_changes_nothing(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        await w.OpenCycle.OpenAsync(w.LedgerSchedule, CheckInWorld.Slot(w.LedgerSchedule), Ct);
        var pending = await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct));

        // Lee (Ledger) claims to deliver what Payments owes; Ada answers for a dependency her team does not provide.
        var notProvider = await w.Answers.RecordAsync(
            CheckInWorld.Answer(w.Lee) with { NewBlockers = ["x"], DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, null, true)] }, Ct);
        var stranger = await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada) with { PersonIdentity = "slack:T1:UNOBODY" }, Ct);
        var notMember = await w.Answers.RecordAsync(CheckInWorld.Answer(w.Lee, cycleId: cycle.Id), Ct);

        Assert.Contains("not one that Ledger provides", Assert.IsType<AnswerOutcome.Refused>(notProvider).Reason, StringComparison.Ordinal);
        Assert.Contains("do not know you", Assert.IsType<AnswerOutcome.Refused>(stranger).Reason, StringComparison.Ordinal);
        Assert.Contains("not a member of Payments", Assert.IsType<AnswerOutcome.Refused>(notMember).Reason, StringComparison.Ordinal);
        Assert.Empty(await w.InSession(s => s.Blockers.ListOpenAsync(w.Ledger.Id, Ct)));
        Assert.Equal(DependencyState.OnTime, (await w.InSession(s => s.Dependencies.GetAsync(w.LedgerApi.Id, Ct)))!.State);
        Assert.Equal(pending, await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_digest_is_handed_the_week_once_when_the_last_team_closes(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var payments = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        var ledger = (await w.OpenCycle.OpenAsync(w.LedgerSchedule, CheckInWorld.Slot(w.LedgerSchedule), Ct)).Cycle!;
        w.Time.Advance(TimeSpan.FromHours(24));

        Assert.True(await w.Close.CloseAsync(payments.Id, Ct));
        Assert.Empty(w.Digests.Published);
        Assert.True(await w.Close.CloseAsync(ledger.Id, Ct));
        Assert.False(await w.Close.CloseAsync(ledger.Id, Ct));

        Assert.Equal([(w.Program.Id, CheckInWorld.Week)], w.Digests.Published);
        Assert.Equal(CycleState.Closed, (await w.InSession(s => s.CheckIns.GetCycleAsync(ledger.Id, Ct)))!.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_team_whose_slot_is_still_to_come_holds_the_digest_back(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var wednesday = w.LedgerSchedule with { Day = DayOfWeek.Wednesday };
        await w.InSession(async s =>
        {
            await s.Teams.SetScheduleAsync(wednesday, Ct);
            return true;
        });
        var payments = (await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct)).Cycle!;
        w.Time.Advance(TimeSpan.FromHours(24));

        await w.Close.CloseAsync(payments.Id, Ct);
        Assert.Empty(w.Digests.Published);

        w.Time.Advance(TimeSpan.FromDays(1));
        var ledger = (await w.OpenCycle.OpenAsync(wednesday, CheckInClock.SlotOfWeek(wednesday, CheckInWorld.Week), Ct)).Cycle!;
        w.Time.Advance(TimeSpan.FromHours(24));
        await w.Close.CloseAsync(ledger.Id, Ct);

        Assert.Equal([(w.Program.Id, CheckInWorld.Week)], w.Digests.Published);
    }
}
