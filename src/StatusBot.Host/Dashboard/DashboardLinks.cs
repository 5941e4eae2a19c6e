using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusBot.Core.Digests;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// Signs and checks dashboard links: <c>/programs/{id}?exp={unix seconds}&amp;sig={hex HMAC-SHA256 of "{id}:{exp}"}</c>.
/// A link names one program and stops working at its expiry; reader tokens are the bookmarkable alternative.
/// </summary>
public sealed class DashboardLinks : IProgramLinks
{
    private readonly byte[] _key;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;

    private readonly IPublicBaseUrl _publicBaseUrl;

    /// <param name="publicBaseUrl">A fixed address people reach this host at; links are absolute so they work from chat.</param>
    public DashboardLinks(IOptions<DashboardOptions> options, TimeProvider time, string publicBaseUrl)
        : this(options, time, new FixedBaseUrl(publicBaseUrl.TrimEnd('/')))
    {
    }

    /// <param name="publicBaseUrl">Where people reach this host, asked each time a link is built (it may be known only once the server listens).</param>
    public DashboardLinks(IOptions<DashboardOptions> options, TimeProvider time, IPublicBaseUrl publicBaseUrl)
    {
        _options = options.Value;
        _publicBaseUrl = publicBaseUrl;
        _time = time;
        _key = _options.SigningKey is { } key ? Encoding.UTF8.GetBytes(key) : RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>A fresh, absolute link to the program's dashboard.</summary>
    public string LinkFor(long programId)
    {
        var expires = _time.GetUtcNow().Add(_options.LinkLifetime).ToUnixTimeSeconds();
        return $"{_publicBaseUrl.Value}/programs/{programId}?exp={expires}&sig={Sign(programId, expires)}";
    }

    /// <summary>
    /// Null when a signed link grants access, otherwise why not (shown to the visitor). A reader token is checked with
    /// <see cref="WorkspaceOfToken"/> instead: it opens every program of one workspace, so the program must be read first.
    /// </summary>
    public string? Refusal(long programId, string? exp, string? sig)
    {
        if (exp is null || sig is null || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return "This page needs a signed link (posted with every digest) or a reader token.";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(programId, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sig.ToLowerInvariant())))
        {
            return "This link is not valid for this program.";
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() > expires
            ? "This link has expired. Open the link in the latest digest, or ask your TPM for a fresh one (/statusbot digest preview)."
            : null;
    }

    /// <summary>The workspace a configured reader token opens, or null when it is not one of them.</summary>
    public string? WorkspaceOfToken(string token)
    {
        var given = Encoding.UTF8.GetBytes(token);
        return _options.ReaderTokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t.Token ?? string.Empty), given))?.Workspace;
    }

    private string Sign(long programId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{programId}:{expires}")));

    private sealed record FixedBaseUrl(string Value) : IPublicBaseUrl;
}
