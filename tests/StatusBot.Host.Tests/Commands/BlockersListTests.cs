using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary><c>blockers &lt;program&gt;</c> as its catalog line promises: oldest first across teams, dates in each team's zone.</summary>
public class BlockersListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_program_lists_its_blockers_oldest_first_across_teams_with_each_opened_date_in_its_teams_zone(StoreKind kind)
    {
        await using var world = await CreateAsync(kind);
        await using (var session = await world.Store.BeginAsync(Ct))
        {
            // Checkout works in Auckland (UTC+13 in November): raised there on the 21st, before Payments' blocker of the 23rd.
            await session.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = world.Checkout, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Pacific/Auckland", UpdatedAt = Seed.Now }, Ct);
            var member = await session.People.FindByIdentityAsync(CheckoutMember, Ct);
            await session.Blockers.AddAsync(new Blocker { TeamId = world.Checkout, PersonId = member!.Id, Text = "No test cards", OpenedAt = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), CyclesOpen = 2 }, Ct);
            await session.CommitAsync(Ct);
        }

        var text = VerbTable.Text(await world.RunAsync(Viewer, "blockers Apollo"));

        var older = text.IndexOf("**Checkout**: No test cards", StringComparison.Ordinal);
        var newer = text.IndexOf("**Payments**: Waiting on infra", StringComparison.Ordinal);
        Assert.True(older >= 0 && newer > older, text);
        Assert.Contains("No test cards — @{" + CheckoutMember, text, StringComparison.Ordinal);
        Assert.Contains("opened 2026-11-21, open 2 check-ins", text, StringComparison.Ordinal);
        Assert.Contains("opened 2026-11-23, open 1 check-in", text, StringComparison.Ordinal);
        Assert.DoesNotContain("week(s)", text, StringComparison.Ordinal);
    }
}
