namespace StatusBot.Core.Digests;

/// <summary>
/// Where people reach this host, for absolute links posted to chat (digest, dashboard, OAuth callback):
/// <c>Digest:PublicBaseUrl</c> when configured, otherwise what the running host knows of its own address.
/// </summary>
public interface IPublicBaseUrl
{
    /// <summary>The base address without a trailing slash, e.g. <c>https://statusbot.example.com</c>.</summary>
    string Value { get; }
}
