namespace StatusBot.Core.Delivery;

/// <summary>
/// A client-side token bucket for a platform's published rate limit, shared by the adapters (Slack's per-method tiers,
/// Teams' per-thread and per-tenant windows). Its balance may go negative: the debt is the wait of whoever took the last
/// token, so callers queue in order without a timer. Not thread-safe: the adapter's limiter locks around it.
/// </summary>
public sealed class TokenBucket(double perSecond, double capacity, DateTimeOffset start)
{
    private readonly double _capacity = capacity;
    private double _tokens = capacity;
    private DateTimeOffset _updated = start;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    /// <summary>Takes a token; returns how long its holder must wait before the call (the refill debt, or a 429's pause).</summary>
    public TimeSpan Take(DateTimeOffset now)
    {
        Refill(now);
        _tokens -= 1;
        var wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / perSecond);
        var blocked = _blockedUntil - now;
        return blocked > wait ? blocked : wait;
    }

    /// <summary>Returns a token taken for a call that will not be made (the wait was refused).</summary>
    public void GiveBack() => _tokens += 1;

    /// <summary>As if the last token were taken now: whatever refilled while the call was under way is not spare.</summary>
    public void Settle(DateTimeOffset now)
    {
        Refill(now);
        _tokens = Math.Min(_tokens, _capacity - 1);
    }

    /// <summary>Full again and not blocked: forgetting it changes nothing.</summary>
    public bool IsIdle(DateTimeOffset now) =>
        now >= _blockedUntil && _tokens + ((now - _updated).TotalSeconds * perSecond) >= _capacity;

    /// <summary>The platform answered 429: nobody takes a token before <paramref name="until"/>.</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        if (until > _blockedUntil)
        {
            _blockedUntil = until;
        }
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _updated).TotalSeconds * perSecond));
            _updated = now;
        }
    }
}

/// <summary>A rate-limit slot: granted (send after <see cref="Wait"/>) or refused (try again after <see cref="Wait"/>).</summary>
public readonly record struct Reservation(bool Granted, TimeSpan Wait)
{
    /// <summary>
    /// One call's slot in every bucket it counts against: the wait is the longest of them; when that exceeds
    /// <paramref name="maxWait"/> every slot is given back (so other destinations are not held up) and the call is refused.
    /// The caller holds its limiter's lock.
    /// </summary>
    public static Reservation TakeAll(IReadOnlyList<TokenBucket> buckets, DateTimeOffset now, TimeSpan maxWait)
    {
        var wait = TimeSpan.Zero;
        foreach (var bucket in buckets)
        {
            var bucketWait = bucket.Take(now);
            wait = bucketWait > wait ? bucketWait : wait;
        }

        if (wait <= maxWait)
        {
            return new Reservation(true, wait);
        }

        foreach (var bucket in buckets)
        {
            bucket.GiveBack();
        }

        return new Reservation(false, wait);
    }
}
