using StatusBot.Core.Decisions;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Decisions;

public sealed class DecisionStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Decisions_are_logged_with_who_and_when_in_time_order(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return ((await Seed.ProgramAsync(s)).Id, await Seed.PersonAsync(s, "U1"));
        });

        var later = await InSession(db, s => s.Decisions.AddAsync(
            new Decision { ProgramId = programId, Text = "Cut scope: no Apple Pay in beta", DecidedByPersonId = tpm.Id, DecidedAt = Seed.Now.AddDays(2) }, Ct));
        var earlier = await InSession(db, s => s.Decisions.AddAsync(
            new Decision { ProgramId = programId, Text = "Ship behind a flag", DecidedByPersonId = tpm.Id, DecidedAt = Seed.Now.AddTicks(1234567) }, Ct));

        var log = await InSession(db, s => s.Decisions.ListAsync(programId, Ct));
        Assert.Equal([earlier, later], log);
        Assert.Equal(Seed.Now.AddTicks(1234560), log[0].DecidedAt);
    }
}
