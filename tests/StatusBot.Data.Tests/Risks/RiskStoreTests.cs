using System.Data.Common;
using StatusBot.Core.Risks;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Risks;

public sealed class RiskStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_risk_round_trips_updates_and_closes(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, owner) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return ((await Seed.ProgramAsync(s)).Id, await Seed.PersonAsync(s, "U1"));
        });
        var risk = await InSession(db, s => s.Risks.AddAsync(new Risk
        {
            ProgramId = programId,
            Title = "Card network certification may slip",
            Probability = 3,
            Impact = 5,
            OwnerPersonId = owner.Id,
            Mitigation = "Book the lab early",
            ReviewDate = new(2026, 12, 1),
            CreatedAt = Seed.Now,
        }, Ct));
        var closed = risk with { Probability = 1, State = RiskState.Closed, ClosedAt = Seed.Now.AddDays(10), Mitigation = null };

        await InSession(db, s => s.Risks.UpdateAsync(closed, Ct));

        Assert.Equal(15, risk.Score);
        Assert.Equal(closed, await InSession(db, s => s.Risks.GetAsync(risk.Id, Ct)));
        Assert.Equal([closed], await InSession(db, s => s.Risks.ListAsync(programId, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_store_refuses_a_rating_outside_one_to_five(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return (await Seed.ProgramAsync(s)).Id;
        });

        await Assert.ThrowsAnyAsync<DbException>(() => InSession(db, s => s.Risks.AddAsync(
            new Risk { ProgramId = programId, Title = "Bad", Probability = 6, Impact = 1, CreatedAt = Seed.Now }, Ct)));

        Assert.Empty(await InSession(db, s => s.Risks.ListAsync(programId, Ct)));
    }
}
