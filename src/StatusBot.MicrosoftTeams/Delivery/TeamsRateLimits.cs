namespace StatusBot.MicrosoftTeams.Delivery;

/// <summary>
/// Microsoft's published Teams bot limits ("Optimize your bot with rate limiting in Teams",
/// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit), as "at most N operations in any
/// T seconds":
/// <list type="bullet">
/// <item>per bot per thread (a 1:1 chat, a group chat or a channel), for "send to conversation" and, separately, for
/// "create conversation": 7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per 3,600 s;</item>
/// <item>per app per tenant, every request counted: 50 per second (the page said 30 until 2023; the current text,
/// and the Microsoft 365 Agents version of it, say 50).</item>
/// </list>
/// The per-thread limit for all bots together (14 per 1 s, 16 per 2 s) is looser than one bot's and not paced here.
/// Microsoft calls the values "for estimation only"; a 429 is still honoured (see <see cref="TeamsRateLimiter.Penalize"/>).
/// </summary>
internal sealed class TeamsRateLimits
{
    /// <summary>Per bot per thread, for sends (and, counted apart, for creating a conversation).</summary>
    public static readonly IReadOnlyList<RateWindow> PublishedPerThread =
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))];

    /// <summary>Per app per tenant, every Bot Connector request.</summary>
    public static readonly IReadOnlyList<RateWindow> PublishedPerTenant = [new(50, TimeSpan.FromSeconds(1))];

    public IReadOnlyList<RateWindow> PerThread { get; init; } = PublishedPerThread;

    public IReadOnlyList<RateWindow> PerTenant { get; init; } = PublishedPerTenant;

    /// <summary>
    /// Fraction of each published rate the client spends. 0.97 leaves every window at least 31 ms of slack (the
    /// time one request may arrive later than it left without the service counting one too many; see
    /// <see cref="RateWindow.Bucket"/>), so a paced drain does not see 429s on a busy machine.
    /// </summary>
    public double SafetyFactor { get; init; } = 0.97;
}

/// <summary>At most <see cref="Operations"/> calls in any window of <see cref="Period"/>.</summary>
internal sealed record RateWindow(int Operations, TimeSpan Period)
{
    /// <summary>
    /// The token bucket that stays inside this window: refilled at <paramref name="safetyFactor"/> × N / T per
    /// second, holding ⌊(1 − factor) × N⌋ tokens (at least one). A bucket of capacity c and rate r lets at most
    /// c + r × T calls through in any T, so with r = f·N/T and c ≤ (1 − f)·N it never exceeds N — with room to
    /// spare for calls that arrive late: the service would have to see them (1 − f)·T / f sooner than they left
    /// before it counted N + 1 (31 ms for 50 per second at 0.97).
    /// </summary>
    public (double PerSecond, double Capacity) Bucket(double safetyFactor) =>
        (safetyFactor * Operations / Period.TotalSeconds, Math.Max(1, Math.Floor((1 - safetyFactor) * Operations)));

    /// <summary>The rate the window allows in the long run.</summary>
    public double PerSecond => Operations / Period.TotalSeconds;
}
