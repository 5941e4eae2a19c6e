using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// <c>checkin start</c> and <c>checkin remind</c> on a program through the real command handler and the real check-in
/// engine: each team is handled on its own, so one the engine refuses (a skipped week, no open round) is named with the
/// reason and the teams after it still open or are reminded.
/// </summary>
public sealed class CheckinCommandTests
{
    // Monday 08:00 UTC: the week of 2026-11-23.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Start_on_a_program_opens_the_teams_after_a_skipped_one_and_names_it_with_the_reason(StoreKind store)
    {
        await using var world = await ThreeTeamsAsync(store);

        var reply = ProgramWorld.Text(await world.CommandAsync("tina", "checkin start Apollo"));

        Assert.Contains("**Beta**: opened, 1 prompted", reply, StringComparison.Ordinal);
        Assert.Contains("**Late2**: not opened: Late2 skips the week of 2026-11-23", reply, StringComparison.Ordinal);
        Assert.Contains("**Zeta**: opened, 1 prompted", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be completed", reply, StringComparison.Ordinal);
        Assert.Equal([("Beta", true), ("Late2", false), ("Zeta", true)], await OpenRoundsAsync(world));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Start_on_a_skipped_team_answers_with_the_reason_as_an_error(StoreKind store)
    {
        await using var world = await ThreeTeamsAsync(store);

        var reply = await world.CommandAsync("tina", "checkin start Late2");

        Assert.Equal(CommandReplies.ErrorKind, reply.Kind);
        Assert.Contains("**Late2** was not opened: Late2 skips the week of 2026-11-23.", ProgramWorld.Text(reply), StringComparison.Ordinal);
        Assert.DoesNotContain("could not be completed", ProgramWorld.Text(reply), StringComparison.Ordinal);
        Assert.Equal([("Beta", false), ("Late2", false), ("Zeta", false)], await OpenRoundsAsync(world));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Remind_on_a_program_reminds_the_open_teams_and_names_the_one_without_an_open_check_in(StoreKind store)
    {
        await using var world = await ThreeTeamsAsync(store);
        await world.OkAsync("tina", "checkin start Apollo");

        var reply = await world.CommandAsync("tina", "checkin remind Apollo");
        var single = await world.CommandAsync("tina", "checkin remind Late2");

        var text = ProgramWorld.Text(reply);
        Assert.Equal(CommandReplies.ReplyKind, reply.Kind);
        Assert.Contains("Reminded 2 person(s) in **Apollo**.", text, StringComparison.Ordinal);
        Assert.Contains("**Beta**: 1 reminded", text, StringComparison.Ordinal);
        Assert.Contains("**Late2**: no open check-in", text, StringComparison.Ordinal);
        Assert.Contains("**Zeta**: 1 reminded", text, StringComparison.Ordinal);
        Assert.Equal(CommandReplies.ErrorKind, single.Kind);
        Assert.Contains("**Late2** has no open check-in to remind people of; start one with **checkin start Late2**.", ProgramWorld.Text(single), StringComparison.Ordinal);
    }

    /// <summary>Apollo with Beta, Late2 and Zeta (one member each, in that order); Late2 skips this week.</summary>
    private static async Task<ProgramWorld> ThreeTeamsAsync(StoreKind store)
    {
        var world = await ProgramWorld.StartAsync(store, Monday, admin: "tina");
        await world.OkAsync("tina", "program create Apollo");
        foreach (var (team, member) in new[] { ("Beta", "bea"), ("Late2", "lou"), ("Zeta", "zoe") })
        {
            await world.OkAsync("tina", $"team add {team} to Apollo");
            await world.OkAsync("tina", $"team members {team} @{member}");
        }

        await world.OkAsync("tina", "team skip Late2 2026-11-25");
        return world;
    }

    private static Task<List<(string Team, bool Open)>> OpenRoundsAsync(ProgramWorld world) =>
        world.ReadAsync(async session =>
        {
            var program = await session.Programs.FindByNameAsync("playground", "Apollo", default);
            var rounds = new List<(string, bool)>();
            foreach (var team in await session.Teams.ListAsync(program!.Id, default))
            {
                rounds.Add((team.Name, await session.CheckIns.FindLatestCycleAsync(team.Id, default) is { State: CycleState.Open }));
            }

            return rounds;
        });
}
