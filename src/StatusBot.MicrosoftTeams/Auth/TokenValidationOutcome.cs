using System.Security.Claims;

namespace StatusBot.MicrosoftTeams.Auth;

/// <summary>Why an inbound request's token was refused; <see cref="TokenValidationOutcome.StatusCode"/> says how to answer.</summary>
public enum TokenRefusal
{
    None,
    MissingToken,
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,
    ServiceUrlMismatch,

    /// <summary>The signing key is valid but not endorsed for the activity's channel: 403, per the Bot Framework docs.</summary>
    ChannelNotEndorsed,

    /// <summary>The signing keys could not be loaded at all: not the caller's fault (503), and nothing is accepted.</summary>
    KeysUnavailable,
}

/// <summary>The verdict on one inbound request's Bearer token.</summary>
public sealed record TokenValidationOutcome(TokenRefusal Refusal, string Message, ClaimsIdentity? Identity = null)
{
    public bool Accepted => Refusal == TokenRefusal.None;

    /// <summary>200 when accepted; 403 for a key that does not endorse the channel; 503 when no keys could be loaded; else 401.</summary>
    public int StatusCode => Refusal switch
    {
        TokenRefusal.None => 200,
        TokenRefusal.ChannelNotEndorsed => 403,
        TokenRefusal.KeysUnavailable => 503,
        _ => 401,
    };

    public static TokenValidationOutcome Success(ClaimsIdentity identity) => new(TokenRefusal.None, "accepted", identity);

    public static TokenValidationOutcome Refused(TokenRefusal refusal, string message) => new(refusal, message);
}
