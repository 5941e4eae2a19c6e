using System.Security.Cryptography;
using System.Text;

namespace StatusBot.Slack.Install;

/// <summary>
/// Encrypts installed bot tokens at rest with AES-GCM (256-bit key from <c>Slack:TokenEncryptionKey</c>).
/// The team id is the associated data, so a token copied to another workspace's row does not decrypt.
/// Stored form: base64 of nonce (12) | tag (16) | ciphertext.
/// </summary>
internal sealed class SlackTokenProtector(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static SlackTokenProtector FromBase64(string key) => new(Convert.FromBase64String(key));

    public string Protect(string teamId, string token)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(teamId));
        return Convert.ToBase64String(output);
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> for a wrong key, a tampered value or another team's token.</summary>
    public string Unprotect(string teamId, string protectedToken)
    {
        var input = Convert.FromBase64String(protectedToken);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored Slack token is too short to be an encrypted token.");
        }

        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(teamId));
        return Encoding.UTF8.GetString(plain);
    }
}
