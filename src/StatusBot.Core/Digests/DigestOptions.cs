namespace StatusBot.Core.Digests;

/// <summary>Tunables of the digest (configuration section <c>Digest</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    /// <summary>
    /// The base of links when nothing better is known: no <see cref="PublicBaseUrl"/> and no running server to ask (a
    /// digest built outside the host). The host itself answers with the address it listens on (<see cref="IPublicBaseUrl"/>).
    /// </summary>
    public const string FallbackBaseUrl = "http://127.0.0.1:5080";

    /// <summary>Most blocks one digest message may have; Slack's Block Kit allows 50 per message.</summary>
    public int MaxBlocks { get; set; } = 50;

    /// <summary>
    /// The address people reach this host at; the digest links to a signed <c>{PublicBaseUrl}/programs/{id}?exp=…&amp;sig=…</c>.
    /// Unset (the default), the host uses the address it actually listens on, so <c>--urls</c> alone moves the links too.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How many risks the digest lists.</summary>
    public int TopRisks { get; set; } = 3;

    /// <summary>True when <see cref="PublicBaseUrl"/> was given (a blank value counts as not given).</summary>
    public bool HasPublicBaseUrl => !string.IsNullOrWhiteSpace(PublicBaseUrl);

    public string ProgramUrl(long programId) => $"{(HasPublicBaseUrl ? PublicBaseUrl! : FallbackBaseUrl).TrimEnd('/')}/programs/{programId}";
}
