using StatusBot.Core.Dependencies;
using StatusBot.Playground.Demo;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Playground;

public sealed class DemoProgramTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_demo_program_looks_like_a_real_program_and_is_seeded_once(StoreKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(kind);
        var seeder = new DemoProgramSeeder(db.Store, TimeProvider.System);

        var (programId, created) = await seeder.SeedAsync(ct);
        var (again, createdAgain) = await seeder.SeedAsync(ct);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(programId, again);
        await using var session = await db.Store.BeginAsync(ct);
        var teams = await session.Teams.ListAsync(programId, ct);
        var people = await session.People.ListAsync("playground", ct);
        var dependencies = await session.Dependencies.ListAsync(programId, ct);
        Assert.True(teams.Count >= 6);
        Assert.True(people.Count >= 25);
        Assert.Contains(dependencies, d => d.State == DependencyState.Slipped);
        Assert.Contains(dependencies, d => d.State == DependencyState.AtRisk && d.FeedsDependencyId is not null);
        var cycles = await session.CheckIns.ListCyclesAsync(teams[0].Id, ct);
        Assert.True(cycles.Count >= 5, "four answered weeks of history and the current week");
        Assert.NotEmpty(await session.CheckIns.ListAnswersAsync(cycles[0].Id, ct));
        Assert.NotEmpty(await session.Risks.ListAsync(programId, ct));
        Assert.NotEmpty(await session.Decisions.ListAsync(programId, ct));
        Assert.Single(await session.Programs.ListChannelsAsync(programId, ct));
    }
}
