using Microsoft.Extensions.DependencyInjection;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// The cluster-wide lock the first slot job of an instant holds while it opens its mates: a second taker waits, and gets
/// nothing after its wait (each storage reports that timeout with its own exception type), then gets it once released.
/// </summary>
public sealed class JobPlansLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_held_lock_makes_the_next_taker_wait_then_give_up_and_a_released_one_is_taken(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await CheckInHost.StartAsync(kind, connectionString);
        var plans = app.Services.GetRequiredService<JobPlans>();

        var first = plans.TryLock("checkin-open:at-1", TimeSpan.FromSeconds(1));
        Assert.NotNull(first);
        var started = DateTimeOffset.UtcNow;
        var second = await Task.Run(() => plans.TryLock("checkin-open:at-1", TimeSpan.FromSeconds(1)), Ct);
        Assert.Null(second);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the second taker waited for the first");
        using (var other = plans.TryLock("checkin-open:at-2", TimeSpan.FromSeconds(1)))
        {
            Assert.NotNull(other); // another instant's lock is free
        }

        first.Dispose();
        using var third = plans.TryLock("checkin-open:at-1", TimeSpan.FromSeconds(1));
        Assert.NotNull(third);
    }
}
