using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

public sealed class CycleMemberStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Prompt_and_reminder_stamps_are_set_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var (cycle, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(
            new CheckInCycle { TeamId = w.Payments.Id, WeekOf = CheckInWorld.Week, OpensAt = Seed.Now, RemindAt = Seed.Now.AddHours(20), ClosesAt = Seed.Now.AddHours(24) }, Ct));
        await InSession(db, s => s.CheckIns.AddCycleMembersAsync(cycle.Id, [w.Ada.Id, w.Dee.Id], Ct));

        var prompted = await InSession(db, s => s.CheckIns.MarkPromptedAsync(cycle.Id, w.Ada.Id, Seed.Now, Ct));
        var promptedAgain = await InSession(db, s => s.CheckIns.MarkPromptedAsync(cycle.Id, w.Ada.Id, Seed.Now.AddHours(1), Ct));
        var reminded = await InSession(db, s => s.CheckIns.MarkRemindedAsync(cycle.Id, w.Dee.Id, Seed.Now.AddHours(20), Ct));
        var remindedAgain = await InSession(db, s => s.CheckIns.MarkRemindedAsync(cycle.Id, w.Dee.Id, Seed.Now.AddHours(21), Ct));
        var notMember = await InSession(db, s => s.CheckIns.MarkPromptedAsync(cycle.Id, w.Lee.Id, Seed.Now, Ct));

        Assert.Equal((true, false, true, false, false), (prompted, promptedAgain, reminded, remindedAgain, notMember));
        var members = await InSession(db, s => s.CheckIns.ListCycleMembersAsync(cycle.Id, Ct));
        Assert.Equal(
            [(w.Ada.Id, (DateTimeOffset?)Seed.Now, (DateTimeOffset?)null), (w.Dee.Id, null, Seed.Now.AddHours(20))],
            members.Select(m => (m.PersonId, m.PromptedAt, m.RemindedAt)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_round_is_read_and_written_in_batches_with_the_same_rules_as_one_by_one(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);

        // Bob is on leave that week, Cy is deactivated: the one read asks Ada and Dee, and nobody on leave the day after.
        Assert.Equal([w.Ada.Id, w.Dee.Id], (await InSession(db, s => s.CheckIns.ListAskableMembersAsync(w.Payments.Id, CheckInWorld.Week, Ct))).Select(p => p.Id));
        Assert.Equal([w.Ada.Id, w.Bob.Id, w.Dee.Id], (await InSession(db, s => s.CheckIns.ListAskableMembersAsync(w.Payments.Id, CheckInWorld.Week.AddDays(5), Ct))).Select(p => p.Id));

        var (cycle, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(
            new CheckInCycle { TeamId = w.Payments.Id, WeekOf = CheckInWorld.Week, OpensAt = Seed.Now, RemindAt = Seed.Now.AddHours(20), ClosesAt = Seed.Now.AddHours(24) }, Ct));
        await InSession(db, s => s.CheckIns.AddCycleMembersAsync(cycle.Id, [w.Ada.Id, w.Dee.Id], Ct));
        await InSession(db, s => s.CheckIns.AddCycleMembersAsync(cycle.Id, [w.Dee.Id, w.Bob.Id], Ct));
        Assert.Equal([w.Ada.Id, w.Bob.Id, w.Dee.Id], (await InSession(db, s => s.CheckIns.ListCycleMembersAsync(cycle.Id, Ct))).Select(m => m.PersonId));
        Assert.Equal((true, false), (await InSession(db, s => s.CheckIns.IsCycleMemberAsync(cycle.Id, w.Dee.Id, Ct)), await InSession(db, s => s.CheckIns.IsCycleMemberAsync(cycle.Id, w.Lee.Id, Ct))));

        // Stamped once: a second batch stamps only who was not stamped yet, and never a non-member.
        var first = await InSession(db, s => s.CheckIns.MarkPromptedAsync(cycle.Id, [w.Ada.Id], Seed.Now, Ct));
        var second = await InSession(db, s => s.CheckIns.MarkPromptedAsync(cycle.Id, [w.Ada.Id, w.Dee.Id, w.Lee.Id], Seed.Now.AddHours(1), Ct));
        Assert.Equal([w.Ada.Id], first.Order());
        Assert.Equal([w.Dee.Id], second.Order());
        Assert.Equal(
            [(w.Ada.Id, (DateTimeOffset?)Seed.Now), (w.Bob.Id, null), (w.Dee.Id, Seed.Now.AddHours(1))],
            (await InSession(db, s => s.CheckIns.ListCycleMembersAsync(cycle.Id, Ct))).Select(m => (m.PersonId, m.PromptedAt)));

        // Outbox rows in one call: a dedup key already queued (here or earlier in the batch) is not queued again.
        OutboxMessage Dm(Person p, string key) => OutboxMessage.DirectMessageTo(p.Identity, new ChatMessage("checkin.prompt", $"Hi {p.DisplayName}", [new TextBlock("Hi")]), key, w.Program.Id, Seed.Now);
        var added = await InSession(db, s => s.Outbox.EnqueueManyAsync([Dm(w.Ada, "k:ada"), Dm(w.Dee, "k:dee")], Ct));
        var again = await InSession(db, s => s.Outbox.EnqueueManyAsync([Dm(w.Dee, "k:dee"), Dm(w.Bob, "k:bob"), Dm(w.Bob, "k:bob")], Ct));
        Assert.Equal((2, 1), (added, again));
        var bob = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("k:bob", Ct));
        Assert.Equal((w.Bob.Identity, "Hi UBOB", OutboxState.Pending, (long?)w.Program.Id), (bob!.Destination.Address, bob.Message.Summary, bob.State, bob.ProgramId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Unanswered_members_open_cycles_and_the_latest_cycle_are_listed(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        CheckInCycle Cycle(DateOnly week) => new() { TeamId = w.Payments.Id, WeekOf = week, OpensAt = Seed.Now, RemindAt = Seed.Now, ClosesAt = Seed.Now.AddHours(1) };
        var (older, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(Cycle(CheckInWorld.Week.AddDays(-7)), Ct));
        var (current, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(Cycle(CheckInWorld.Week), Ct));
        await InSession(db, s => s.CheckIns.CloseCycleAsync(older.Id, Seed.Now, Ct));
        await InSession(db, s => s.CheckIns.AddCycleMembersAsync(current.Id, [w.Ada.Id, w.Dee.Id], Ct));
        await InSession(db, s => s.CheckIns.SaveAnswerAsync(
            new Answer { CycleId = current.Id, PersonId = w.Ada.Id, Status = CheckInStatus.OnTrack, SubmittedAt = Seed.Now }, Ct));

        Assert.Equal([w.Dee.Id], (await InSession(db, s => s.CheckIns.ListUnansweredMembersAsync(current.Id, Ct))).Select(m => m.PersonId));
        Assert.Equal([CheckInStatus.OnTrack], await InSession(db, s => s.CheckIns.ListAnswerStatusesAsync(current.Id, Ct)));
        Assert.Empty(await InSession(db, s => s.CheckIns.ListAnswerStatusesAsync(older.Id, Ct)));
        Assert.Equal([current.Id], (await InSession(db, s => s.CheckIns.ListOpenCyclesAsync(Ct))).Select(c => c.Id));
        Assert.Equal(current, await InSession(db, s => s.CheckIns.FindLatestCycleAsync(w.Payments.Id, Ct)));
        Assert.Null(await InSession(db, s => s.CheckIns.FindLatestCycleAsync(w.Ledger.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Schedules_and_programs_with_a_digest_slot_are_listed_for_the_scheduler(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        Assert.Empty(await InSession(db, s => s.CheckIns.ListProgramsWithDigestSlotAsync(Ct)));

        await InSession(db, s => s.Programs.UpdateAsync(w.Program with { DigestSlot = new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(10, 0), "Europe/Berlin") }, Ct));

        Assert.Equal([w.PaymentsSchedule, w.LedgerSchedule], await InSession(db, s => s.CheckIns.ListSchedulesAsync(Ct)));
        Assert.Equal([w.Program.Id], await InSession(db, s => s.CheckIns.ListProgramsWithDigestSlotAsync(Ct)));
    }
}
