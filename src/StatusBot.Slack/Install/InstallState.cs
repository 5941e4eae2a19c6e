using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatusBot.Slack.Install;

/// <summary>
/// The OAuth <c>state</c> parameter: issue time and a nonce, HMAC-signed with a key every instance derives from
/// <c>Slack:TokenEncryptionKey</c>, valid ten minutes. It is bound to the browser that started the install (the nonce
/// is also set in a cookie at <c>/slack/install</c>, and the callback must bring both) and single-use (the callback
/// records the nonce in the store, so a replay is refused on every instance). Together they stop forged or replayed
/// callbacks (CSRF, https://datatracker.ietf.org/doc/html/rfc6749#section-10.12) from installing someone else's workspace.
/// </summary>
internal sealed class InstallState(byte[] key, TimeProvider time)
{
    public const string CookieName = "statusbot_slack_install";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>A fresh state and the nonce the browser's cookie must carry back.</summary>
    public (string State, string Nonce) Issue()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var payload = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().ToUnixTimeSeconds()}.{nonce}");
        return ($"{payload}.{Mac(payload)}", nonce);
    }

    /// <summary>The state's nonce when it was issued by StatusBot, is unexpired and matches the browser's cookie; otherwise null and why.</summary>
    public (string? Nonce, string? Refusal) Check(string? state, string? cookie)
    {
        var parts = (state ?? string.Empty).Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac($"{parts[0]}.{parts[1]}")), Encoding.ASCII.GetBytes(parts[2])))
        {
            return (null, "This install link was not issued by StatusBot; start again from /slack/install.");
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - issued;
        if (age < 0 || age > Lifetime.TotalSeconds)
        {
            return (null, "This install link has expired; start again from /slack/install.");
        }

        return cookie is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(parts[1]))
            ? (null, "This install was not started in this browser; start again from /slack/install in the browser you use to approve it.")
            : (parts[1], null);
    }

    private string Mac(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
}
