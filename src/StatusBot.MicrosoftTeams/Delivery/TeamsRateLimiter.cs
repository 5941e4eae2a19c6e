using StatusBot.Core.Delivery;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;

namespace StatusBot.MicrosoftTeams.Delivery;

/// <summary>
/// Client-side token buckets, on <see cref="TimeProvider"/>, that keep the bot inside Teams' published limits
/// (<see cref="TeamsRateLimits"/>): one set per tenant for every Bot Connector call, one set per conversation for
/// sends and one for conversation creation. A caller reserves a slot for all of a call's buckets at once and learns
/// how long to wait; a reservation that would wait longer than allowed is given back whole, so the outbox can put the
/// message back and go on. The buckets live in this process: the outbox's per-workspace send lease
/// (<c>Core/Delivery/README.md</c>) makes one instance at a time send for a tenant, so this limiter is that tenant's
/// whole budget.
/// </summary>
internal sealed class TeamsRateLimiter(TeamsRateLimits limits, TimeProvider time)
{
    private readonly Dictionary<string, TokenBucket[]> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reserves one call of <paramref name="operation"/> in <paramref name="conversationId"/> of <paramref name="tenantId"/>.</summary>
    /// <param name="conversationId">The thread the call counts against; null for calls that are not per thread (token, roster).</param>
    /// <param name="countTenant">
    /// False when the call's tenant slot was reserved already (<see cref="ReserveTenant"/>, taken before reading what
    /// the thread is, so that read overlaps the wait): then only the thread's buckets are taken.
    /// </param>
    public Reservation Reserve(TeamsOperation operation, string tenantId, string? conversationId, TimeSpan maxWait, bool countTenant = true)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var reservation = Reservation.TakeAll(BucketsFor(operation, tenantId, conversationId, countTenant), now, maxWait);
            StatusBotTelemetry.RecordRateLimitReservation(ChatPlatform.Teams, reservation.Granted, reservation.Wait);
            return reservation;
        }
    }

    /// <summary>Reserves only the tenant's slot of one call; its thread's slot follows with <c>countTenant: false</c>.</summary>
    public Reservation ReserveTenant(string tenantId, TimeSpan maxWait) => Reserve(TeamsOperation.Other, tenantId, null, maxWait);

    /// <summary>
    /// The service answered 429: nothing more for the tenant until <paramref name="retryAfter"/> has passed. The answer
    /// does not say which limit was hit, so the whole tenant waits (the outbox pauses it for the batch anyway).
    /// </summary>
    public void Penalize(string tenantId, TimeSpan retryAfter)
    {
        StatusBotTelemetry.RecordThrottled(ChatPlatform.Teams);
        var until = time.GetUtcNow() + retryAfter;
        lock (_gate)
        {
            foreach (var bucket in Get($"tenant|{tenantId}", limits.PerTenant))
            {
                bucket.BlockUntil(until);
            }
        }
    }

    private List<TokenBucket> BucketsFor(TeamsOperation operation, string tenantId, string? conversationId, bool countTenant)
    {
        var list = countTenant ? new List<TokenBucket>(Get($"tenant|{tenantId}", limits.PerTenant)) : [];
        if (conversationId is not null && operation != TeamsOperation.Other)
        {
            list.AddRange(Get($"{operation}|{tenantId}|{conversationId}", limits.PerThread));
        }

        return list;
    }

    private TokenBucket[] Get(string key, IReadOnlyList<RateWindow> windows)
    {
        if (!_buckets.TryGetValue(key, out var buckets))
        {
            if (_buckets.Count >= MaxKeys)
            {
                Prune();
            }

            var now = time.GetUtcNow();
            buckets = [.. windows.Select(window => window.Bucket(limits.SafetyFactor)).Select(b => new TokenBucket(b.PerSecond, b.Capacity, now))];
            _buckets[key] = buckets;
        }

        return buckets;
    }

    /// <summary>One set per conversation adds up over a year of 1:1 chats; idle, refilled buckets carry no information.</summary>
    private const int MaxKeys = 50_000;

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, _) in _buckets.Where(pair => pair.Value.All(bucket => bucket.IsIdle(now))).ToList())
        {
            _buckets.Remove(key);
        }
    }
}

/// <summary>The kinds of Bot Connector call Teams limits per thread; <see cref="Other"/> counts only against the tenant.</summary>
internal enum TeamsOperation
{
    SendToConversation,
    CreateConversation,
    Other,
}
