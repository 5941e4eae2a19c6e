using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

/// <summary>
/// Every answer re-evaluates the dependencies its team provides, in the answer's own transaction: Payments owes
/// Ledger the "ledger API" (need-by 2026-12-15, ETA 2026-12-10); Tia, the TPM, hears of each state change once, from
/// the announcement pass that follows the answer (the change is stored unannounced with the answer).
/// </summary>
public sealed class AnswerDependencyEvaluationTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_answer_moving_the_ETA_past_need_by_slips_the_dependency_and_notifies_the_TPM_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        var late = CheckInWorld.Answer(w.Ada) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, new DateOnly(2026, 12, 20), false)] };

        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(late, Ct));
        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(late with { Progress = "Edited" }, Ct));

        var dependency = (await w.InSession(s => s.Dependencies.GetAsync(w.LedgerApi.Id, Ct)))!;
        Assert.Equal((DependencyState.Slipped, 5), (dependency.State, dependency.SlipDays));
        var change = Assert.Single(await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct)));
        Assert.Equal((DependencyState.OnTime, DependencyState.Slipped), (change.FromState, change.ToState));
        Assert.Null(change.AnnouncedAt);
        Assert.Null(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(change, w.Tia.Id), Ct)));

        Assert.Equal(1, await w.Evaluator.AnnouncePendingAsync(Ct));
        Assert.Equal(0, await w.Evaluator.AnnouncePendingAsync(Ct)); // announced once

        Assert.NotNull(Assert.Single(await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct))).AnnouncedAt);
        var notice = await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(change, w.Tia.Id), Ct));
        Assert.NotNull(notice);
        Assert.Equal((DependencyStateMessage.Kind, w.Tia.Identity), (notice.Message.Kind, notice.Destination.Address));
        Assert.Contains("slipped by 5", notice.Message.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_off_track_answer_puts_what_the_team_provides_at_risk(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);

        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada, CheckInStatus.OffTrack), Ct));

        Assert.Equal(DependencyState.AtRisk, (await w.InSession(s => s.Dependencies.GetAsync(w.LedgerApi.Id, Ct)))!.State);
        var change = Assert.Single(await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct)));
        Assert.Equal("provider team is off track", change.Reason);
        await w.Evaluator.AnnouncePendingAsync(Ct);
        Assert.NotNull(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(change, w.Tia.Id), Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_delivery_in_an_answer_is_recorded_as_a_state_change_and_announced(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);

        await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, null, true)] }, Ct);

        var change = Assert.Single(await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct)));
        Assert.Equal((DependencyState.OnTime, DependencyState.Delivered), (change.FromState, change.ToState));
        await w.Evaluator.AnnouncePendingAsync(Ct);
        var notice = await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(change, w.Tia.Id), Ct));
        Assert.Contains("was delivered", notice!.Message.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_on_track_answer_within_need_by_changes_no_state_and_sends_no_notice(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        var pending = await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct));

        await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, new DateOnly(2026, 12, 14), false)] }, Ct);

        Assert.Equal(DependencyState.OnTime, (await w.InSession(s => s.Dependencies.GetAsync(w.LedgerApi.Id, Ct)))!.State);
        Assert.Empty(await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct)));
        Assert.Equal(pending, await w.InSession(s => s.Outbox.CountAsync(OutboxState.Pending, Ct))); // no notice (the confirmation is the reply, not a queued DM)
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_later_answer_moving_the_ETA_back_is_announced_after_the_slip_each_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);

        // Two changes pending at once (no pass between the answers): one pass announces both, in order.
        await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, new DateOnly(2026, 12, 20), false)] }, Ct);
        await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, new DateOnly(2026, 12, 12), false)] }, Ct);
        Assert.Equal(2, await w.Evaluator.AnnouncePendingAsync(Ct));

        var changes = await w.InSession(s => s.Dependencies.ListStateChangesAsync(w.LedgerApi.Id, Ct));
        Assert.Equal([DependencyState.Slipped, DependencyState.OnTime], changes.Select(c => c.ToState));
        var slip = (await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(changes[0], w.Tia.Id), Ct)))!;
        var back = (await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(changes[1], w.Tia.Id), Ct)))!;
        Assert.Contains("slipped by 5", slip.Message.Summary, StringComparison.Ordinal); // the slip as it was recorded
        Assert.Contains("is back on time", back.Message.Summary, StringComparison.Ordinal);
        Assert.True(slip.Id < back.Id);
        Assert.Equal(0, await w.Evaluator.AnnouncePendingAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_dependency_command_still_announces_in_its_own_transaction(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        await w.InSession(async s => await s.Dependencies.UpdateAsync((await s.Dependencies.GetAsync(w.LedgerApi.Id, Ct))! with { Eta = new DateOnly(2026, 12, 20) }, Ct));

        // As `dep` commands and the digest call it: the notices commit with the change.
        var changes = await w.InSession(s => w.Evaluator.EvaluateProvidedByAsync(s, w.Payments.Id, Ct));

        var change = Assert.Single(changes);
        Assert.NotNull(change.AnnouncedAt);
        Assert.NotNull(await w.InSession(s => s.Outbox.FindByDedupKeyAsync(NoticeKey(change, w.Tia.Id), Ct)));
        Assert.Equal(0, await w.Evaluator.AnnouncePendingAsync(Ct));
    }

    private static string NoticeKey(DependencyStateChange change, long personId) => EvaluateDependencies.NoticeKey(change, personId);
}
