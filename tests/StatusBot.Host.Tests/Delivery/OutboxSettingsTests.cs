using StatusBot.Core.Delivery;
using StatusBot.Scheduling.Delivery;

namespace StatusBot.Host.Tests.Delivery;

public sealed class OutboxSettingsTests
{
    [Fact]
    public void A_lease_that_a_dead_senders_last_send_could_outlast_by_less_than_the_hand_over_pause_is_refused()
    {
        // One row per batch passes the batch rule (4 s < 5 s), but a sender that died right after renewing could still
        // have its send land 1 s before the next sender takes the workspace over with a fresh budget.
        var tight = new OutboxDrainerSettings { BatchSize = 1, Lease = TimeSpan.FromSeconds(5), SendTimeout = TimeSpan.FromSeconds(4) };
        var roomy = new OutboxDrainerSettings { BatchSize = 1, Lease = TimeSpan.FromSeconds(6), SendTimeout = TimeSpan.FromSeconds(4) };

        var refused = new OutboxSettingsValidator().Validate(null, tight);

        Assert.True(refused.Failed);
        Assert.Contains(refused.Failures!, failure => failure.StartsWith("Outbox:Lease (00:00:05) must exceed Outbox:SendTimeout (00:00:04) by at least 00:00:02", StringComparison.Ordinal));
        Assert.True(new OutboxSettingsValidator().Validate(null, roomy).Succeeded);
        Assert.True(new OutboxSettingsValidator().Validate(null, new OutboxDrainerSettings()).Succeeded);
    }
}
