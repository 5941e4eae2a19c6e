using System.Text.Json;
using StatusBot.MicrosoftTeams.Startup;

namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>
/// The bot's app token by client credentials for a single-tenant bot
/// (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector).
/// Cached until <see cref="RefreshMargin"/> before it expires; callers that find no valid token share one request,
/// which runs to its end even if the caller that started it gives up, so the others still get its token.
/// </summary>
internal sealed class BotAppTokenProvider(HttpClient http, TeamsOptions options, TimeProvider time) : IBotTokenSource
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private (string Value, DateTimeOffset RefreshAt)? _token;
    private Task<string>? _inFlight;

    public Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<string> fetch;
        lock (_lock)
        {
            if (_token is { } token && time.GetUtcNow() < token.RefreshAt)
            {
                return Task.FromResult(token.Value);
            }

            fetch = _inFlight ??= FetchAndKeepAsync();
        }

        return fetch.WaitAsync(cancellationToken);
    }

    private async Task<string> FetchAndKeepAsync()
    {
        // Leave the lock before any work, so the in-flight task is published before it can complete.
        await Task.Yield();
        try
        {
            var requestedAt = time.GetUtcNow();
            using var response = await http.PostAsync(options.ResolvedTokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.AppId ?? string.Empty,
                ["client_secret"] = options.AppPassword ?? string.Empty,
                ["scope"] = TeamsOptions.ConnectorScope,
            }), CancellationToken.None);
            if (!ConnectorErrors.IsSuccess(response.StatusCode))
            {
                throw await ConnectorErrors.FromResponseAsync(response, "Fetching the bot's app token", time, CancellationToken.None);
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
            var root = body.RootElement;
            var value = root.TryGetProperty("access_token", out var accessToken) && accessToken.ValueKind == JsonValueKind.String
                ? accessToken.GetString()!
                : throw new BotConnectorException(response.StatusCode, null, "The token endpoint answered without an access_token");
            var lifetime = TimeSpan.FromSeconds(root.TryGetProperty("expires_in", out var expiresIn) ? ExpiresInSeconds(expiresIn) : 0);

            // A short-lived token is still used for the first half of its life rather than fetched for every call.
            var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
            lock (_lock)
            {
                _token = (value, requestedAt + lifetime - margin);
            }

            return value;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight = null;
            }
        }
    }

    /// <summary><c>expires_in</c> is a number in Microsoft Entra's v2.0 answers, a string in some older ones.</summary>
    private static double ExpiresInSeconds(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String when double.TryParse(element.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) => seconds,
        _ => 0,
    };
}
