namespace StatusBot.Slack.Startup;

/// <summary>
/// Configuration section <c>Slack</c>. The adapter is registered only when <see cref="SigningSecret"/> is set.
/// Single-workspace mode uses <see cref="BotToken"/>; multi-workspace ("Add to Slack") mode uses
/// <see cref="ClientId"/>, <see cref="ClientSecret"/> and <see cref="TokenEncryptionKey"/>; Socket Mode needs <see cref="AppToken"/>.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Verifies inbound requests (app settings → Basic Information → Signing Secret).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The <c>xoxb-</c> bot token of a single-workspace install.</summary>
    public string? BotToken { get; set; }

    /// <summary>The <c>xapp-</c> app-level token with <c>connections:write</c>; turns on Socket Mode.</summary>
    public string? AppToken { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Base64 of a 32-byte key that encrypts installed bot tokens at rest (AES-GCM).</summary>
    public string? TokenEncryptionKey { get; set; }

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Largest wait the client sits out itself for a rate-limit slot; longer waits go back to the caller as "rate limited".</summary>
    public TimeSpan MaxClientWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an installed workspace's token is used from memory before it is read from the store again: the longest
    /// another instance keeps using a token after a re-install. Zero reads it for every call.
    /// </summary>
    public TimeSpan TokenCacheLifetime { get; set; } = TimeSpan.FromMinutes(1);

    public bool SocketMode => !string.IsNullOrWhiteSpace(AppToken);

    public bool MultiWorkspace => !string.IsNullOrWhiteSpace(ClientId);
}
