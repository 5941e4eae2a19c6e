using Microsoft.Extensions.Time.Testing;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Tests.WebApi;

public sealed class SlackRateLimiterTests
{
    private static readonly TimeSpan NoLimit = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private SlackRateLimiter Limiter() => new(new SlackRateLimits { SafetyFactor = 1.0 }, _time);

    [Fact]
    public void Second_post_to_the_same_channel_waits_one_second_while_another_channel_goes_at_once()
    {
        var limiter = Limiter();

        var first = limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit);
        var second = limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit);
        var other = limiter.Reserve("chat.postMessage", "T1", "C2", NoLimit);

        Assert.Equal(TimeSpan.Zero, first.Wait);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Wait);
        Assert.Equal(TimeSpan.Zero, other.Wait);
    }

    [Fact]
    public void Waits_longer_than_the_caller_accepts_are_refused_and_take_no_slot()
    {
        var limiter = Limiter();
        limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit);
        limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit);

        var refused = limiter.Reserve("chat.postMessage", "T1", "C1", TimeSpan.FromSeconds(1.5));
        _time.Advance(TimeSpan.FromSeconds(2));
        var afterwards = limiter.Reserve("chat.postMessage", "T1", "C1", TimeSpan.Zero);

        Assert.False(refused.Granted);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Wait);
        Assert.True(afterwards.Granted);
    }

    [Fact]
    public void Tier_3_methods_allow_fifty_a_minute_per_workspace()
    {
        var limiter = Limiter();

        var waits = Enumerable.Range(0, 3).Select(_ => limiter.Reserve("chat.update", "T1", null, NoLimit).Wait).ToList();
        var otherTeam = limiter.Reserve("chat.update", "T2", null, NoLimit);

        Assert.Equal(TimeSpan.Zero, waits[0]);
        Assert.Equal(TimeSpan.FromSeconds(60.0 / 50), waits[1]);
        Assert.Equal(TimeSpan.FromSeconds(2 * 60.0 / 50), waits[2]);
        Assert.Equal(TimeSpan.Zero, otherTeam.Wait);
    }

    [Fact]
    public void A_call_counts_from_when_it_ended_so_the_retry_of_a_timed_out_post_waits_a_full_second_after_it()
    {
        var limiter = Limiter();

        Assert.Equal(TimeSpan.Zero, limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit).Wait);
        // The post took 1.5 s and timed out: Slack may have counted it just now, not when its slot was granted.
        _time.Advance(TimeSpan.FromSeconds(1.5));
        limiter.Settle("chat.postMessage", "T1", "C1");
        var retry = limiter.Reserve("chat.postMessage", "T1", "C1", NoLimit);
        var otherChannel = limiter.Reserve("chat.postMessage", "T1", "C2", NoLimit);

        Assert.Equal(TimeSpan.FromSeconds(1), retry.Wait);
        Assert.Equal(TimeSpan.Zero, otherChannel.Wait);
    }

    [Fact]
    public void A_call_that_ended_leaves_the_rest_of_the_workspace_burst()
    {
        var limiter = Limiter();

        limiter.Reserve("chat.postMessage", "T1", "C0", NoLimit);
        _time.Advance(TimeSpan.FromSeconds(3));
        limiter.Settle("chat.postMessage", "T1", "C0");
        var waits = Enumerable.Range(1, 10).Select(i => limiter.Reserve("chat.postMessage", "T1", $"C{i}", NoLimit).Wait).ToList();

        // Ten a second per workspace: the late call and nine more at once, the tenth a tenth of a second later.
        Assert.All(waits.Take(9), wait => Assert.Equal(TimeSpan.Zero, wait));
        Assert.Equal(TimeSpan.FromSeconds(0.1), waits[9]);
    }

    [Fact]
    public void A_429_blocks_that_method_in_that_workspace_until_retry_after()
    {
        var limiter = Limiter();

        limiter.Penalize("views.publish", "T1", null, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), limiter.Reserve("views.publish", "T1", null, NoLimit).Wait);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("views.publish", "T2", null, NoLimit).Wait);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("views.publish", "T1", null, NoLimit).Wait);
    }
}
