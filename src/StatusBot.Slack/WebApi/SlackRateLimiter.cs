using StatusBot.Core.Delivery;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;

namespace StatusBot.Slack.WebApi;

/// <summary>
/// Client-side token buckets per method and workspace, plus per channel for <c>chat.postMessage</c>, so the
/// outbox sends as fast as Slack allows and no faster. A caller reserves a slot and learns how long to wait
/// for it; a reservation that would wait too long is given back, so other channels are not held up.
/// </summary>
internal sealed class SlackRateLimiter(SlackRateLimits limits, TimeProvider time)
{
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reserves a slot for one call; returns the wait before sending, or refuses when that exceeds <paramref name="maxWait"/>.</summary>
    public Reservation Reserve(string method, string teamId, string? channel, TimeSpan maxWait)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var reservation = Reservation.TakeAll(BucketsFor(method, teamId, channel), now, maxWait);
            StatusBotTelemetry.RecordRateLimitReservation(ChatPlatform.Slack, reservation.Granted, reservation.Wait);
            return reservation;
        }
    }

    /// <summary>
    /// A call ended (answered, refused, failed or given up on): its slot counts as spent now. A slot is granted before the
    /// call is sent, but the call may reach Slack much later (a slow connect, a loaded process: up to the client's timeout),
    /// and Slack counts it when it arrives. Counting it as spent when the call ended means the next call waits a full
    /// interval from then, so a retry after a timeout never lands on top of its late original (one post per second per
    /// channel), and a burst never follows a late call at once.
    /// </summary>
    public void Settle(string method, string teamId, string? channel)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var bucket in BucketsFor(method, teamId, channel))
            {
                bucket.Settle(now);
            }
        }
    }

    /// <summary>Slack said 429: nothing more for this method in this workspace (or this channel) until Retry-After has passed.</summary>
    public void Penalize(string method, string teamId, string? channel, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_gate)
        {
            foreach (var bucket in BucketsFor(method, teamId, channel))
            {
                bucket.BlockUntil(until);
            }
        }
    }

    private List<TokenBucket> BucketsFor(string method, string teamId, string? channel)
    {
        var factor = limits.SafetyFactor;
        if (method == "chat.postMessage")
        {
            var list = new List<TokenBucket>
            {
                Get($"{method}|{teamId}", limits.PostMessagePerWorkspacePerMinute * factor / 60, Math.Max(1, limits.PostMessagePerWorkspacePerMinute / 60)),
            };
            if (channel is not null)
            {
                list.Add(Get($"{method}|{teamId}|{channel}", limits.PostMessagePerChannelPerSecond * factor, 1));
            }

            return list;
        }

        var perMinute = SlackRateLimits.TierPerMinute(SlackRateLimits.TierOf(method));
        return [Get($"{method}|{teamId}", perMinute * factor / 60, Math.Max(1, perMinute / 60))];
    }

    private TokenBucket Get(string key, double perSecond, double capacity)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count >= MaxBuckets)
            {
                Prune();
            }

            bucket = new TokenBucket(perSecond, capacity, time.GetUtcNow());
            _buckets[key] = bucket;
        }

        return bucket;
    }

    /// <summary>One bucket per channel adds up over a year of DMs; idle, refilled buckets carry no information.</summary>
    private const int MaxBuckets = 50_000;

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, bucket) in _buckets.Where(pair => pair.Value.IsIdle(now)).ToList())
        {
            _buckets.Remove(key);
        }
    }
}
