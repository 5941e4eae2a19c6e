using StatusBot.Core.Commands;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// <c>team remove</c> through the real host: a team with history (answers, dependencies) is refused with what would be
/// deleted and nothing is; <c>confirm</c> deletes it all and says what went; a team without history goes as before.
/// </summary>
public sealed class TeamRemoveTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_team_with_answers_and_a_dependency_is_kept_unless_the_remove_is_confirmed(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Monday, admin: "tina");
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "team add Site Reliability to Apollo");
        await world.OkAsync("tina", "team members \"Site Reliability\" @sam @sue");
        await world.OkAsync("tina", "team add Checkout to Apollo");
        await world.OkAsync("tina", "dep add Checkout needs \"load test\" from \"Site Reliability\" by 2026-12-20");
        await world.OkAsync("tina", "checkin start \"Site Reliability\"");
        await world.AnswerAsync("sam", "on track\nprogress: alerts tuned");
        await world.AnswerAsync("sue", "at risk\nprogress: capacity plan\nblockers: Waiting on budget");
        var dependency = Assert.Single(await DependenciesAsync(world)).Id;

        var refused = await world.CommandAsync("tina", "team remove \"Site Reliability\"");

        Assert.Equal(CommandReplies.ErrorKind, refused.Kind);
        Assert.Contains(
            $"**Site Reliability** has 2 answers over 1 check-in week, 1 blocker and 1 dependency (#{dependency}); removing it deletes them all. "
            + "To stop its check-ins and keep its history: **team pause \"Site Reliability\"**. To delete it anyway: **team remove \"Site Reliability\" confirm**.",
            ProgramWorld.Text(refused),
            StringComparison.Ordinal);
        Assert.Single(await DependenciesAsync(world));
        Assert.Equal(2, (await AnswersAsync(world, "Site Reliability")).Count);

        var typo = await world.CommandAsync("tina", "team remove \"Site Reliability\" confrim");
        Assert.Equal(CommandReplies.ErrorKind, typo.Kind);
        Assert.Contains("Unexpected confrim", ProgramWorld.Text(typo), StringComparison.Ordinal);

        var removed = await world.OkAsync("tina", "team remove \"Site Reliability\" confirm");

        Assert.Contains($"Removed team **Site Reliability** from **Apollo**, with its 2 answers over 1 check-in week, 1 blocker and 1 dependency (#{dependency}).", removed, StringComparison.Ordinal);
        Assert.Empty(await DependenciesAsync(world));
        Assert.Contains("no team **Site Reliability**", ProgramWorld.Text(await world.CommandAsync("tina", "team pause \"Site Reliability\"")), StringComparison.Ordinal);
        var audit = await world.ReadAsync(s => s.Audit.ListAsync("playground", null, null, 100, default));
        Assert.Contains(audit, e => e.Action == "team remove" && e.Subject == "team Site Reliability of Apollo" && e.Before == $"2 answers over 1 check-in week, 1 blocker and 1 dependency (#{dependency})");

        // Checkout lost its only dependency with it, so it has no history left: it goes without confirm.
        Assert.Contains("Removed team **Checkout** from **Apollo**.", await world.OkAsync("tina", "team remove Checkout"), StringComparison.Ordinal);
    }

    private static Task<IReadOnlyList<Core.Dependencies.Dependency>> DependenciesAsync(ProgramWorld world) =>
        world.ReadAsync(async s => await s.Dependencies.ListAsync((await s.Programs.FindByNameAsync("playground", "Apollo", default))!.Id, default));

    private static Task<IReadOnlyList<Core.CheckIns.Answer>> AnswersAsync(ProgramWorld world, string team) =>
        world.ReadAsync(async s =>
        {
            var program = await s.Programs.FindByNameAsync("playground", "Apollo", default);
            var found = await s.Teams.FindByNameAsync(program!.Id, team, default);
            var cycle = await s.CheckIns.FindLatestCycleAsync(found!.Id, default);
            return await s.CheckIns.ListAnswersAsync(cycle!.Id, default);
        });
}
