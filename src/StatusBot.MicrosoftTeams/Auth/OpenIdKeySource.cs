using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace StatusBot.MicrosoftTeams.Auth;

/// <summary>
/// The signing keys Bot Framework publishes: the OpenID metadata document names a <c>jwks_uri</c>, whose keys carry
/// an <c>endorsements</c> array (the channels a key may sign for). Keys are cached and reloaded once they are
/// <see cref="MaxAge"/> old; an unknown <c>kid</c> reloads them at once (a key rotation), but at most once per
/// <see cref="UnknownKeyRefreshInterval"/>, so tokens with made-up key ids cannot turn the bot into a request amplifier.
/// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
/// </summary>
internal sealed class OpenIdKeySource(HttpClient http, Uri metadataUrl, TimeProvider time, ILogger<OpenIdKeySource> logger) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, EndorsedKey>? _keys;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset? _lastForcedRefresh;

    public void Dispose() => _gate.Dispose();

    /// <summary>The key with that id, or null when it is not published even after an allowed refresh.</summary>
    public async Task<EndorsedKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(forceRefresh: false, cancellationToken);
        if (keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        keys = await KeysAsync(forceRefresh: true, cancellationToken);
        return keys.GetValueOrDefault(keyId);
    }

    private async Task<IReadOnlyDictionary<string, EndorsedKey>> KeysAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var observed = _keys;
        if (observed is not null && !forceRefresh && time.GetUtcNow() - _loadedAt < MaxAge)
        {
            return observed;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_keys is not null && !ReferenceEquals(_keys, observed))
            {
                return _keys; // another caller loaded them while this one waited
            }

            if (_keys is not null && forceRefresh && _lastForcedRefresh is { } last && now - last < UnknownKeyRefreshInterval)
            {
                return _keys;
            }

            if (_keys is not null && !forceRefresh && now - _loadedAt < MaxAge)
            {
                return _keys;
            }

            try
            {
                _keys = await LoadAsync(cancellationToken);
                _loadedAt = now;
            }
            catch (Exception exception) when (_keys is not null && exception is HttpRequestException or JsonException or InvalidOperationException)
            {
                // Keep validating with the keys already known rather than refusing every request while the metadata is unreachable.
                logger.LogWarning(exception, "Could not reload the Bot Framework signing keys from {Url}; keeping the cached ones", metadataUrl);
            }

            if (forceRefresh)
            {
                _lastForcedRefresh = now;
            }

            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, EndorsedKey>> LoadAsync(CancellationToken cancellationToken)
    {
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl, cancellationToken));
        var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.ValueKind == JsonValueKind.String
            ? new Uri(metadataUrl, uri.GetString())
            : throw new InvalidOperationException($"The OpenID metadata at {metadataUrl} has no jwks_uri");
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(jwksUri, cancellationToken));
        var keys = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
        if (!jwks.RootElement.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"The key set at {jwksUri} has no keys array");
        }

        foreach (var element in array.EnumerateArray())
        {
            var key = new JsonWebKey(element.GetRawText());
            if (string.IsNullOrEmpty(key.Kid))
            {
                continue;
            }

            var endorsements = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in list.EnumerateArray())
                {
                    if (channel.ValueKind == JsonValueKind.String)
                    {
                        endorsements.Add(channel.GetString()!);
                    }
                }
            }

            keys[key.Kid] = new EndorsedKey(key.Kid, key, endorsements);
        }

        logger.LogInformation("Loaded {Count} Bot Framework signing keys from {Url}", keys.Count, jwksUri);
        return keys;
    }
}
