using StatusBot.Host.Tests.Export;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Digests;

/// <summary><c>digest history</c> lists the weeks actually published, newest first, with where they went and a real dashboard link.</summary>
public sealed class DigestHistoryTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Published_weeks_are_listed_newest_first_with_their_channel_and_the_dashboard_link(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, ExportScenario.Week1, "tina");
        var scenario = await ExportScenario.BuildAsync(world);

        var refused = await world.CommandAsync("vera", "digest history Apollo"); // no role in Apollo
        var reply = await world.CommandAsync("paula", "digest history Apollo"); // a member reads it

        Assert.Equal(Core.Commands.CommandReplies.RefusedKind, refused.Kind);
        Assert.Contains("needs a viewer", ProgramWorld.Text(refused), StringComparison.Ordinal);
        var text = ProgramWorld.Text(reply);
        var week2 = text.IndexOf("**Week of 2026-11-30**", StringComparison.Ordinal);
        var week1 = text.IndexOf("**Week of 2026-11-23**", StringComparison.Ordinal);
        Assert.True(week2 >= 0 && week1 > week2, text);
        Assert.Equal(2, text.Split(" · published {{time:").Length - 1);
        Assert.Equal(2, text.Split("posted to #leadership").Length - 1);
        Assert.Contains($"[open the dashboard](http://127.0.0.1:5080/programs/{scenario.ProgramId}?exp=", text, StringComparison.Ordinal);
        Assert.Contains("it has no view of a past week", text, StringComparison.Ordinal);
    }
}
