using StatusBot.Core.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

/// <summary>An answer (form, modal or DM text) leaves its audit entries in its own transaction: the answer, and each ETA it moved.</summary>
public sealed class AnswerAuditTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_answer_and_its_edit_are_audited_with_the_eta_they_moved(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        await w.OpenCycle.OpenAsync(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule), Ct);
        var answer = CheckInWorld.Answer(w.Ada, CheckInStatus.AtRisk) with { DependencyUpdates = [new DependencyUpdate(w.LedgerApi.Id, new DateOnly(2026, 12, 20), false)] };

        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(answer, Ct));
        Assert.IsType<AnswerOutcome.Recorded>(await w.Answers.RecordAsync(answer with { Status = CheckInStatus.OnTrack }, Ct));

        var entries = (await w.InSession(s => s.Audit.ListAsync(w.Program.WorkspaceId, w.Program.Id, null, 10, Ct))).Reverse().ToList();
        Assert.Equal(
            [
                ("Payments check-in, week of 2026-11-23", null, "at risk"),
                ($"dependency #{w.LedgerApi.Id} ETA", "2026-12-10", "2026-12-20"),
                ("Payments check-in, week of 2026-11-23 (revision 2)", "at risk", "on track"),
            ],
            entries.Select(e => (e.Subject, e.Before, e.After)));
        Assert.All(entries, e => Assert.Equal(("check-in answer", w.Ada.Id), (e.Action, e.ActorPersonId)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_refused_answer_leaves_no_entry(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);

        Assert.IsType<AnswerOutcome.Refused>(await w.Answers.RecordAsync(CheckInWorld.Answer(w.Ada), Ct));

        Assert.Empty(await w.InSession(s => s.Audit.ListAsync(w.Program.WorkspaceId, null, null, 10, Ct)));
    }
}
