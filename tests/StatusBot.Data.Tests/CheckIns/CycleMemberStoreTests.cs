using StatusBot.Core;
using StatusBot.Core.CheckIns;
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
