using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StatusBot.MicrosoftTeams.Auth;

/// <summary>
/// Validates the Bearer JWT Bot Framework puts on every request to the messaging endpoint, before anything in the
/// request is trusted: RS256/384/512 only, a signing key from the OpenID metadata, issuer
/// <c>https://api.botframework.com</c>, audience = the bot's app id, lifetime within <see cref="ClockSkew"/>, the key
/// endorsed for the activity's channel and the <c>serviceurl</c> claim equal to the activity's <c>serviceUrl</c>.
/// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
/// </summary>
internal sealed class BotFrameworkTokenValidator(OpenIdKeySource keys, string appId, TimeProvider time)
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <param name="authorization">The request's <c>Authorization</c> header.</param>
    /// <param name="channelId">The activity's <c>channelId</c> (<c>msteams</c>).</param>
    /// <param name="serviceUrl">The activity's <c>serviceUrl</c>.</param>
    public async Task<TokenValidationOutcome> ValidateAsync(string? authorization, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.MissingToken, "No Bearer token");
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(authorization[7..].Trim());
        }
        catch (ArgumentException)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.Malformed, "The Bearer token is not a JWT");
        }

        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return TokenValidationOutcome.Refused(TokenRefusal.UnsupportedAlgorithm, $"Algorithm '{token.Alg}' is not accepted");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TokenValidationOutcome.Refused(TokenRefusal.UnknownKey, "The token names no signing key");
        }

        EndorsedKey? key;
        try
        {
            key = await keys.FindAsync(token.Kid, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.KeysUnavailable, "The Bot Framework signing keys could not be loaded: " + exception.Message);
        }

        if (key is null)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.UnknownKey, $"Signing key '{token.Kid}' is not published in the OpenID metadata");
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key.Key,
            ValidAlgorithms = Algorithms,
            ValidIssuer = Issuer,
            ValidAudience = appId,
            RequireSignedTokens = true,
            // Lifetime is checked below against the injected clock.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidIssuerException => TokenValidationOutcome.Refused(TokenRefusal.WrongIssuer, $"Issuer '{token.Issuer}' is not {Issuer}"),
                SecurityTokenInvalidAudienceException => TokenValidationOutcome.Refused(TokenRefusal.WrongAudience, "The token is not issued for this bot"),
                SecurityTokenInvalidAlgorithmException => TokenValidationOutcome.Refused(TokenRefusal.UnsupportedAlgorithm, $"Algorithm '{token.Alg}' is not accepted"),
                _ => TokenValidationOutcome.Refused(TokenRefusal.BadSignature, "The token's signature does not verify: " + result.Exception?.GetType().Name),
            };
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!token.TryGetPayloadValue<long>("exp", out _))
        {
            return TokenValidationOutcome.Refused(TokenRefusal.Expired, "The token has no expiry");
        }

        if (token.ValidTo + ClockSkew < now)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.Expired, $"The token expired at {token.ValidTo:O}");
        }

        if (token.TryGetPayloadValue<long>("nbf", out _) && token.ValidFrom - ClockSkew > now)
        {
            return TokenValidationOutcome.Refused(TokenRefusal.NotYetValid, $"The token is valid only from {token.ValidFrom:O}");
        }

        if (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId))
        {
            return TokenValidationOutcome.Refused(TokenRefusal.ChannelNotEndorsed, $"Signing key '{key.KeyId}' is not endorsed for channel '{channelId}'");
        }

        if (!token.TryGetPayloadValue<string>("serviceurl", out var claimed)
            || string.IsNullOrEmpty(serviceUrl)
            || !string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Refused(TokenRefusal.ServiceUrlMismatch, "The token's serviceurl claim does not match the activity's serviceUrl");
        }

        return TokenValidationOutcome.Success(result.ClaimsIdentity);
    }
}
