using System.Net;
using System.Text.Json;

namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>Turns a failed HTTP answer into the typed exception: retryable with its Retry-After, or final with the service's error code.</summary>
internal static class ConnectorErrors
{
    public static async Task<BotConnectorException> FromResponseAsync(HttpResponseMessage response, string operation, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var code = ErrorCode(body);
        var message = $"{operation} failed: HTTP {(int)response.StatusCode}{(code is null ? string.Empty : " " + code)}";
        return BotConnectorRetryableException.IsRetryable(response.StatusCode)
            ? new BotConnectorRetryableException(response.StatusCode, code, message, RetryAfter(response, time))
            : new BotConnectorException(response.StatusCode, code, message);
    }

    /// <summary>Retry-After as seconds or as an HTTP date, relative to the injected clock; never negative.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>The Connector answers <c>{"error":{"code":…}}</c>; Microsoft Entra answers <c>{"error":"invalid_client",…}</c>.</summary>
    private static string? ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.String => error.GetString(),
                    JsonValueKind.Object when error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String => code.GetString(),
                    _ => null,
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (a gateway's HTML page): the status says enough.
        }

        return null;
    }

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
