namespace StatusBot.Slack.Install;

/// <summary>
/// The OAuth <c>redirect_uri</c>: built from the public address (<c>Digest:PublicBaseUrl</c>, else the address the host listens on), never from the
/// request, so behind a TLS-terminating proxy it stays the <c>https://</c> address registered with Slack, and the install
/// and the code exchange send the same one (Slack requires both to match).
/// </summary>
internal sealed record InstallCallback(string Uri)
{
    public const string Path = "/slack/oauth/callback";

    public static InstallCallback From(string publicBaseUrl) => new(publicBaseUrl.TrimEnd('/') + Path);

    /// <summary>The state cookie is marked Secure when the public address is https (it then only travels over TLS).</summary>
    public bool Secure => Uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
