using Microsoft.Extensions.Time.Testing;
using StatusBot.MicrosoftTeams.Delivery;
using StatusBot.MicrosoftTeams.Tests.Fakes;

namespace StatusBot.MicrosoftTeams.Tests.Delivery;

/// <summary>
/// The client-side buckets against the published windows, on a fake clock: a sender that always goes as soon as the
/// limiter lets it never puts more calls in any window than Teams allows, even when every other call arrives 30 ms late,
/// and still uses at least 96 % of the allowed rate.
/// </summary>
public sealed class TeamsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_thread_driven_flat_out_for_two_hours_stays_inside_every_per_thread_window()
    {
        var sends = Greedy(TeamsOperation.SendToConversation, "a:1-ana", TimeSpan.FromHours(2));

        foreach (var (operations, period) in PublishedTeamsLimits.PerThread)
        {
            Assert.True(MaxInAnyWindow(sends, period) <= operations, $"more than {operations} per {period}");
            Assert.True(MaxInAnyWindow(Late(sends), period) <= operations, $"more than {operations} per {period} when calls arrive late");
        }

        // 1,800 per hour is the binding limit over two hours.
        Assert.InRange(sends.Count, 0.96 * 3600, 3600);
    }

    [Fact]
    public void A_tenant_driven_flat_out_stays_inside_its_requests_per_second_and_uses_at_least_96_percent_of_it()
    {
        var sends = Greedy(TeamsOperation.Other, thread: null, TimeSpan.FromMinutes(2));

        var (operations, period) = Assert.Single(PublishedTeamsLimits.PerTenant);
        Assert.True(MaxInAnyWindow(sends, period) <= operations);
        Assert.True(MaxInAnyWindow(Late(sends), period) <= operations);
        Assert.InRange(sends.Count, 0.96 * 50 * 120, 50 * 120);
    }

    [Fact]
    public void A_wait_longer_than_allowed_is_refused_and_takes_nothing()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new TeamsRateLimits(), time);
        Assert.True(limiter.Reserve(TeamsOperation.SendToConversation, "t", "a:1", TimeSpan.Zero).Granted);

        var refused = limiter.Reserve(TeamsOperation.SendToConversation, "t", "a:1", TimeSpan.FromMilliseconds(100));
        var otherThread = limiter.Reserve(TeamsOperation.SendToConversation, "t", "a:2", TimeSpan.FromMilliseconds(100));

        Assert.False(refused.Granted);
        Assert.True(refused.Wait > TimeSpan.FromMilliseconds(100));
        Assert.True(otherThread.Granted);
    }

    [Fact]
    public void After_a_429_the_whole_tenant_waits_for_retry_after()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new TeamsRateLimits(), time);

        limiter.Penalize("t", TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), limiter.Reserve(TeamsOperation.SendToConversation, "t", "a:9", TimeSpan.FromSeconds(5)).Wait);
        Assert.True(limiter.Reserve(TeamsOperation.SendToConversation, "other-tenant", "a:9", TimeSpan.Zero).Granted);
    }

    /// <summary>Calls as soon as the limiter allows, each at the time it was told to wait for.</summary>
    private static List<DateTimeOffset> Greedy(TeamsOperation operation, string? thread, TimeSpan duration)
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new TeamsRateLimits(), time);
        var sends = new List<DateTimeOffset>();
        while (time.GetUtcNow() - Start < duration)
        {
            var reservation = limiter.Reserve(operation, "tenant", thread, TimeSpan.FromHours(1));
            time.Advance(reservation.Wait);
            if (time.GetUtcNow() - Start < duration)
            {
                sends.Add(time.GetUtcNow());
            }
        }

        return sends;
    }

    /// <summary>Every other call arriving 30 ms after it left: the worst a loaded machine does to the spacing.</summary>
    private static List<DateTimeOffset> Late(List<DateTimeOffset> sends) =>
        [.. sends.Select((at, i) => i % 2 == 0 ? at + TimeSpan.FromMilliseconds(30) : at).Order()];

    private static int MaxInAnyWindow(List<DateTimeOffset> sorted, TimeSpan period)
    {
        var max = 0;
        var first = 0;
        for (var last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= period)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }
}
