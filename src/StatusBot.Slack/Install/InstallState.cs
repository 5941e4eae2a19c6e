using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatusBot.Slack.Install;

/// <summary>
/// The OAuth <c>state</c> parameter: issue time and a nonce, HMAC-signed, valid ten minutes. Stateless, so any
/// instance can check the callback; it stops forged callbacks (CSRF) from installing someone else's workspace.
/// </summary>
internal sealed class InstallState(byte[] key, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public string Issue()
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().ToUnixTimeSeconds()}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}");
        return $"{payload}.{Mac(payload)}";
    }

    public bool IsValid(string? state)
    {
        var parts = (state ?? string.Empty).Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - issued;
        return age >= 0 && age <= Lifetime.TotalSeconds;
    }

    private string Mac(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
}
