using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatusBot.Slack.Signing;

/// <summary>
/// Verifies Slack's request signature: <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c>
/// keyed with the signing secret, compared in constant time, refusing timestamps more than five minutes
/// from now (replay window). See https://api.slack.com/authentication/verifying-requests-from-slack.
/// </summary>
internal sealed class SlackSignatureVerifier(string signingSecret, TimeProvider time)
{
    /// <summary>Slack's replay window.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingSecret);

    public SignatureCheck Verify(string? timestamp, string? signature, string body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Stale;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > MaxClockSkew.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The signature Slack would send for this timestamp and body (also used by tests and the benchmark).</summary>
    public string Sign(string timestamp, string body)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexStringLower(hash);
    }
}

/// <summary>Why a request was or was not accepted; logged, never shown to the caller.</summary>
internal enum SignatureCheck
{
    Valid,
    Missing,
    Stale,
    Mismatch,
}
