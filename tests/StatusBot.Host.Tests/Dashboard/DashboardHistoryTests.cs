using Microsoft.Extensions.DependencyInjection;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Tests.Commands;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Dashboard;

/// <summary>The dashboard's "Date changes": every recorded move of a dependency ETA or a milestone date, newest first, with who and when.</summary>
public sealed class DashboardHistoryTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Moves_of_etas_and_milestone_dates_show_from_to_who_and_the_day(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-12");
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-19");
        world.Time.Advance(TimeSpan.FromDays(1));
        await world.RunAsync(Tpm, $"milestone date {world.Milestone} 2027-01-22");
        await world.RunAsync(Tpm, "dep eta 999 2026-12-20"); // refused: no such dependency, no history

        var page = DashboardPage.Render((await Loader(world).LoadAsync(world.Apollo, CancellationToken.None))!);

        var history = page[page.IndexOf("<section id=\"history\">", StringComparison.Ordinal)..];
        history = history[..history.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Equal(
            [
                "<b>Milestone #" + world.Milestone + " Beta</b>: date moved from 18 Dec to 22 Jan by Tess on 26 Nov",
                "<b>Dependency #" + world.Dependency + " refund API</b>: ETA moved from 12 Dec to 19 Dec by Max on 25 Nov",
                "<b>Dependency #" + world.Dependency + " refund API</b>: ETA set to 12 Dec by Max on 23 Nov",
            ],
            history.Split("<li>")[1..].Select(item => item[..item.IndexOf("</li>", StringComparison.Ordinal)]));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Without_moves_the_section_says_so_and_other_programs_moves_stay_out(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(OtherAdmin, $"dep eta {world.OtherDependency} 2026-12-12");

        var page = DashboardPage.Render((await Loader(world).LoadAsync(world.Apollo, CancellationToken.None))!);

        Assert.Contains("No dependency ETA or milestone date has moved.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("audit log", page, StringComparison.Ordinal);
    }

    private static DashboardModelLoader Loader(CommandWorld world) => new(world.Store, world.Time, new ServiceCollection().BuildServiceProvider());
}
