namespace StatusBot.Slack.WebApi;

/// <summary>How a failed Slack call should be treated by whoever made it.</summary>
internal enum SlackErrorKind
{
    /// <summary>HTTP 429 or our own limiter said wait; retry after <see cref="SlackApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>5xx, timeouts, network errors, Slack's own <c>internal_error</c>: may work later.</summary>
    Transient,

    /// <summary>Will not work by retrying: bad token, unknown user or channel, archived channel, missing scope…</summary>
    Permanent,
}

/// <summary>
/// A Slack Web API call that did not succeed, with Slack's error code (<c>channel_not_found</c>, <c>http_503</c>…)
/// and the kind that decides retries. Never leaves the Slack project: <see cref="Delivery.SlackChatPlatform"/> maps it.
/// </summary>
internal sealed class SlackApiException(string method, string error, SlackErrorKind kind, TimeSpan? retryAfter = null)
    : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;
    public string Error { get; } = error;
    public SlackErrorKind Kind { get; } = kind;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Slack error codes that retrying cannot fix (https://api.slack.com/methods/chat.postMessage#errors and friends).</summary>
    private static readonly HashSet<string> s_transientErrors = new(StringComparer.Ordinal)
    {
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_added_to_org",
    };

    /// <summary>Classifies an <c>ok:false</c> answer; unknown codes are permanent, since Slack uses them for request mistakes.</summary>
    public static SlackApiException FromError(string method, string error) => error switch
    {
        "ratelimited" or "rate_limited" => new(method, error, SlackErrorKind.RateLimited, TimeSpan.FromSeconds(1)),
        _ when s_transientErrors.Contains(error) => new(method, error, SlackErrorKind.Transient),
        _ => new(method, error, SlackErrorKind.Permanent),
    };
}
