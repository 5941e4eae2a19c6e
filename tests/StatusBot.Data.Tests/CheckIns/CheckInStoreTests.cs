using StatusBot.Core.CheckIns;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

public sealed class CheckInStoreTests : StoreTest
{
    private static CheckInCycle CycleFor(long teamId) => new()
    {
        TeamId = teamId,
        WeekOf = new DateOnly(2026, 11, 23),
        OpensAt = Seed.Now,
        RemindAt = Seed.Now.AddHours(20),
        ClosesAt = Seed.Now.AddHours(24),
    };

    private static async Task<(Team Team, long Ada, long Bob)> World(TestDatabase db) => await InSession(db, async s =>
    {
        await Seed.WorkspaceAsync(s);
        var team = await Seed.TeamAsync(s, (await Seed.ProgramAsync(s)).Id);
        return (team, (await Seed.PersonAsync(s, "U1")).Id, (await Seed.PersonAsync(s, "U2")).Id);
    });

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Opening_a_cycle_twice_for_the_same_week_returns_the_first(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (team, _, _) = await World(db);

        var (first, created) = await InSession(db, s => s.CheckIns.OpenCycleAsync(CycleFor(team.Id), Ct));
        var (second, createdAgain) = await InSession(db, s => s.CheckIns.OpenCycleAsync(CycleFor(team.Id) with { OpensAt = Seed.Now.AddHours(1) }, Ct));

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, second);
        Assert.Equal(CycleFor(team.Id) with { Id = first.Id }, first);
        Assert.Equal(first, await InSession(db, s => s.CheckIns.FindCycleAsync(team.Id, new DateOnly(2026, 11, 23), Ct)));
        Assert.Equal([first], await InSession(db, s => s.CheckIns.ListCyclesAsync(team.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_cycle_closes_once_and_keeps_its_member_snapshot(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (team, ada, bob) = await World(db);
        var (cycle, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(CycleFor(team.Id), Ct));

        await InSession(db, s => s.CheckIns.AddCycleMembersAsync(cycle.Id, [ada, bob, ada], Ct));
        var closed = await InSession(db, s => s.CheckIns.CloseCycleAsync(cycle.Id, Seed.Now.AddHours(24), Ct));
        var closedAgain = await InSession(db, s => s.CheckIns.CloseCycleAsync(cycle.Id, Seed.Now.AddHours(25), Ct));

        Assert.True(closed);
        Assert.False(closedAgain);
        var stored = await InSession(db, s => s.CheckIns.GetCycleAsync(cycle.Id, Ct));
        Assert.Equal(cycle with { State = CycleState.Closed, ClosedAt = Seed.Now.AddHours(24) }, stored);
        Assert.Equal([ada, bob], (await InSession(db, s => s.CheckIns.ListCycleMembersAsync(cycle.Id, Ct))).Select(m => m.PersonId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Editing_an_answer_keeps_every_earlier_revision(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (team, ada, _) = await World(db);
        var (cycle, _) = await InSession(db, s => s.CheckIns.OpenCycleAsync(CycleFor(team.Id), Ct));
        var answer = new Answer
        {
            CycleId = cycle.Id,
            PersonId = ada,
            Status = CheckInStatus.OnTrack,
            Progress = "Shipped the ledger API",
            Next = "Refunds",
            SubmittedAt = Seed.Now.AddHours(1),
        };

        var first = await InSession(db, s => s.CheckIns.SaveAnswerAsync(answer, Ct));
        var edited = await InSession(db, s => s.CheckIns.SaveAnswerAsync(
            answer with { Status = CheckInStatus.AtRisk, Note = "Vendor slow", SubmittedAt = Seed.Now.AddHours(2) }, Ct));
        var late = await InSession(db, s => s.CheckIns.SaveAnswerAsync(
            answer with { Status = CheckInStatus.OffTrack, SubmittedAt = Seed.Now.AddHours(30), IsLate = true }, Ct));

        Assert.Equal(answer with { Id = first.Id }, first);
        Assert.Equal(first with { Status = CheckInStatus.AtRisk, Note = "Vendor slow", EditedAt = Seed.Now.AddHours(2), Revision = 2 }, edited);
        Assert.Equal(3, late.Revision);
        Assert.True(late.IsLate);
        Assert.Equal(Seed.Now.AddHours(1), late.SubmittedAt);
        var revisions = await InSession(db, s => s.CheckIns.ListAnswerRevisionsAsync(cycle.Id, ada, Ct));
        Assert.Equal([first, edited, late], revisions);
        Assert.Equal([late], await InSession(db, s => s.CheckIns.ListAnswersAsync(cycle.Id, Ct)));
    }
}
