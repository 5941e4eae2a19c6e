using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>"In the past" for a team's date is the team's today, not the caller's: dates in the team's zone.</summary>
public class DatesInTeamsZoneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_need_by_date_passes_at_the_consumer_teams_midnight_and_an_eta_at_the_providers(StoreKind kind)
    {
        await using var world = await CreateAsync(kind);
        await using (var session = await world.Store.BeginAsync(Ct))
        {
            // 09:00 UTC on the 23rd is still the 22nd in Honolulu (UTC-10), where Checkout works; the TPM's zone is UTC.
            await session.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = world.Checkout, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Pacific/Honolulu", UpdatedAt = Seed.Now }, Ct);
            await session.CommitAsync(Ct);
        }

        var added = await world.RunAsync(Tpm, "dep add Checkout needs \"test cards\" from Payments by 2026-11-22");
        var pastForPayments = await world.RunAsync(Tpm, "dep add Payments needs \"card report\" from Checkout by 2026-11-22");
        var owedByCheckout = await world.RunAsync(Tpm, $"dep eta {world.SecondDependency} 2026-11-22");
        var owedByPayments = await world.RunAsync(Tpm, $"dep eta {world.Dependency} 2026-11-22");

        Assert.True(added.Kind == CommandReplies.ReplyKind, VerbTable.Text(added));
        Assert.Contains("by 2026-11-22", VerbTable.Text(added), StringComparison.Ordinal);
        Assert.Equal(CommandReplies.ErrorKind, pastForPayments.Kind);
        Assert.Contains("The need-by date 2026-11-22 is in the past for **Payments**.", VerbTable.Text(pastForPayments), StringComparison.Ordinal);
        Assert.True(owedByCheckout.Kind == CommandReplies.ReplyKind, VerbTable.Text(owedByCheckout)); // Checkout provides it: its today is the 22nd
        Assert.Equal(CommandReplies.ErrorKind, owedByPayments.Kind);
        Assert.Contains("The ETA 2026-11-22 is in the past", VerbTable.Text(owedByPayments), StringComparison.Ordinal);
    }
}
