using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Blockers;

public sealed class BlockerStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_blocker_ages_and_leaves_the_open_list_when_resolved(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (teamId, personId, cycleId) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var team = await Seed.TeamAsync(s, (await Seed.ProgramAsync(s)).Id);
            var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle
            {
                TeamId = team.Id,
                WeekOf = new(2026, 11, 23),
                OpensAt = Seed.Now,
                RemindAt = Seed.Now.AddHours(20),
                ClosesAt = Seed.Now.AddHours(24),
            }, Ct);
            return (team.Id, (await Seed.PersonAsync(s, "U1")).Id, cycle.Id);
        });
        var blocker = await InSession(db, s => s.Blockers.AddAsync(new Blocker
        {
            TeamId = teamId,
            PersonId = personId,
            RaisedInCycleId = cycleId,
            Text = "Waiting on security review",
            OpenedAt = Seed.Now,
        }, Ct));

        await InSession(db, s => s.Blockers.UpdateAsync(blocker with { CyclesOpen = 3 }, Ct));
        Assert.Equal([blocker with { CyclesOpen = 3 }], await InSession(db, s => s.Blockers.ListOpenAsync(teamId, Ct)));

        // Ageing never resolves (nor reopens); resolving records who, when and the note, once.
        await InSession(db, s => s.Blockers.UpdateAsync(blocker with { CyclesOpen = 3, ResolvedAt = Seed.Now.AddDays(15) }, Ct));
        Assert.Single(await InSession(db, s => s.Blockers.ListOpenAsync(teamId, Ct)));
        Assert.True(await InSession(db, s => s.Blockers.ResolveAsync(blocker.Id, personId, "review passed", Seed.Now.AddDays(15), Ct)));
        Assert.False(await InSession(db, s => s.Blockers.ResolveAsync(blocker.Id, personId, "again", Seed.Now.AddDays(16), Ct)));
        Assert.Empty(await InSession(db, s => s.Blockers.ListOpenAsync(teamId, Ct)));
        var resolved = await InSession(db, s => s.Blockers.GetAsync(blocker.Id, Ct));
        Assert.False(resolved!.IsOpen);
        Assert.Equal((Seed.Now.AddDays(15), (long?)personId, "review passed"), (resolved.ResolvedAt, resolved.ResolvedByPersonId, resolved.ResolutionNote));
    }
}
