using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StatusBot.MicrosoftTeams.Tests.Fakes;

/// <summary>
/// Bot Framework's OpenID metadata and key set, served on loopback: RSA test keys with their <c>endorsements</c>,
/// and tokens signed with them as Bot Framework's would be. Counts key-set downloads.
/// </summary>
public sealed class FakeBotFrameworkKeys : IAsyncDisposable
{
    public const string AppId = "5f3c3a1e-7d2b-4c3e-9a51-1b2c3d4e5f60";
    public const string ServiceUrl = "https://smba.trafficmanager.net/teams/";

    private readonly List<(string Kid, RSA Key, string[] Endorsements)> _published = [];
    private WebApplication? _app;
    private int _keySetRequests;

    public Uri MetadataUrl { get; private set; } = null!;

    public int KeySetRequests => Volatile.Read(ref _keySetRequests);

    public static async Task<FakeBotFrameworkKeys> StartAsync()
    {
        var fake = new FakeBotFrameworkKeys();
        var (app, baseUrl) = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["jwks_uri"] = "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }));
            app.MapGet("/v1/.well-known/keys", () =>
            {
                Interlocked.Increment(ref fake._keySetRequests);
                lock (fake._published)
                {
                    return Results.Json(new JsonObject { ["keys"] = new JsonArray([.. fake._published.Select(p => Jwk(p.Kid, p.Key, p.Endorsements))]) });
                }
            });
        });
        fake._app = app;
        fake.MetadataUrl = new Uri(baseUrl, "v1/.well-known/openidconfiguration");
        return fake;
    }

    /// <summary>Publishes a new RSA key under <paramref name="kid"/>, endorsed for <paramref name="endorsements"/>.</summary>
    public RSA Publish(string kid, params string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        lock (_published)
        {
            _published.Add((kid, rsa, endorsements));
        }

        return rsa;
    }

    /// <summary>A token as Bot Framework issues it, each claim overridable.</summary>
    public static string Token(
        RSA key,
        string kid,
        DateTimeOffset now,
        string issuer = "https://api.botframework.com",
        string audience = AppId,
        string serviceUrl = ServiceUrl,
        TimeSpan? notBeforeOffset = null,
        TimeSpan? expiresOffset = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (now + (notBeforeOffset ?? TimeSpan.FromMinutes(-1))).UtcDateTime,
            NotBefore = (now + (notBeforeOffset ?? TimeSpan.FromMinutes(-1))).UtcDateTime,
            Expires = (now + (expiresOffset ?? TimeSpan.FromMinutes(59))).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise perfect claims.</summary>
    public static string UnsignedToken(string kid, DateTimeOffset now)
    {
        var header = JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "https://api.botframework.com",
            ["aud"] = AppId,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(59).ToUnixTimeSeconds(),
            ["serviceurl"] = ServiceUrl,
        });
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.";
    }

    private static JsonObject Jwk(string kid, RSA key, string[] endorsements)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        foreach (var (_, key, _) in _published)
        {
            key.Dispose();
        }
    }
}
