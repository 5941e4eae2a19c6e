using StatusBot.Data.Slack;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Events;

/// <summary>The seen-event table on both stores.</summary>
public sealed class SlackEventLogTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task First_sighting_wins_and_every_later_copy_is_a_duplicate(StoreKind store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var log = new SlackEventLog(database.Store);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => log.TryRecordAsync("Ev1", "T1", Monday, TestContext.Current.CancellationToken)));

        Assert.Single(results, r => r);
        Assert.Equal(1, await log.CountAsync("Ev1", TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pruning_forgets_only_ids_older_than_the_cutoff(StoreKind store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var log = new SlackEventLog(database.Store);
        await log.TryRecordAsync("EvOld", "T1", Monday.AddDays(-2), TestContext.Current.CancellationToken);
        await log.TryRecordAsync("EvNew", "T1", Monday.AddMinutes(-5), TestContext.Current.CancellationToken);

        var removed = await log.PruneAsync(Monday.AddDays(-1), TestContext.Current.CancellationToken);

        Assert.Equal(1, removed);
        Assert.Equal(0, await log.CountAsync("EvOld", TestContext.Current.CancellationToken));
        Assert.False(await log.TryRecordAsync("EvNew", "T1", Monday, TestContext.Current.CancellationToken));
    }
}
