namespace StatusBot.Core.Digests;

/// <summary>Tunables of the digest (configuration section <c>Digest</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    /// <summary>Most blocks one digest message may have; Slack's Block Kit allows 50 per message.</summary>
    public int MaxBlocks { get; set; } = 50;

    /// <summary>The address people reach this host at; the digest links to a signed <c>{PublicBaseUrl}/programs/{id}?exp=…&amp;sig=…</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How many risks the digest lists.</summary>
    public int TopRisks { get; set; } = 3;

    public string ProgramUrl(long programId) => $"{PublicBaseUrl.TrimEnd('/')}/programs/{programId}";
}
