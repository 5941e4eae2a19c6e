using System.Net;

namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>
/// A call to the Bot Connector service or the token endpoint that failed for good: retrying the same request
/// will not help (bad request, not found, the user blocked the bot: <c>MessageWritesBlocked</c>…).
/// </summary>
public class BotConnectorException(HttpStatusCode status, string? code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The service's error code (<c>error.code</c> of the Connector, <c>error</c> of Microsoft Entra), when it sent one.</summary>
    public string? Code { get; } = code;
}

/// <summary>
/// Throttled (429), a precondition race (412) or the service briefly unavailable (502, 503, 504): the same request may
/// be sent again after <see cref="RetryAfter"/> (the server's <c>Retry-After</c>, when it sent one).
/// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit#handle-rate-limits
/// </summary>
public sealed class BotConnectorRetryableException(HttpStatusCode status, string? code, string message, TimeSpan? retryAfter)
    : BotConnectorException(status, code, message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    internal static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
