using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StatusBot.Core.Digests;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// The base of every absolute link the host posts (digest, dashboard, Slack's OAuth callback). A configured
/// <c>Digest:PublicBaseUrl</c> always wins: behind a proxy or TLS terminator only the operator knows the public address.
/// Without it, the link uses the address Kestrel actually listens on, so <c>--urls http://127.0.0.1:8080</c> moves the
/// links along with the port instead of leaving them on a default port nobody listens on.
/// </summary>
/// <remarks>
/// Resolved when the first link is built, not at start-up: the addresses (and the real port behind <c>:0</c>) are known
/// only once the server has bound. A wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) becomes
/// <c>127.0.0.1</c> rather than the machine name: a wildcard listener answers on loopback, while the machine name may not
/// resolve at all; to be reached from other machines, set <c>Digest:PublicBaseUrl</c>.
/// </remarks>
public sealed class ListeningBaseUrl(DigestOptions options, IServer server, IHostApplicationLifetime lifetime) : IPublicBaseUrl
{
    private string? _listening;

    public string Value => options.HasPublicBaseUrl
        ? options.PublicBaseUrl!.TrimEnd('/')
        : _listening ?? Resolve() ?? DigestOptions.FallbackBaseUrl;

    private string? Resolve()
    {
        var chosen = Choose(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

        // Kept only once the host has started: before that the list may still hold the configured ":0".
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            _listening = chosen;
        }

        return chosen;
    }

    /// <summary>The address to link to among the listening ones: http before https, loopback before a wildcard before a named host.</summary>
    public static string? Choose(IEnumerable<string> addresses) =>
        addresses
            .Select(Parse)
            .OfType<BindingAddress>()
            .Where(address => address.Port > 0)
            .OrderBy(address => address.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .ThenBy(address => IsLoopback(address.Host) ? 0 : IsWildcard(address.Host) ? 1 : 2)
            .Select(address => $"{address.Scheme}://{(IsWildcard(address.Host) ? "127.0.0.1" : address.Host)}:{address.Port}")
            .FirstOrDefault();

    private static BindingAddress? Parse(string address)
    {
        try
        {
            return BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private static bool IsWildcard(string host) => host is "+" or "*" or "0.0.0.0" or "[::]" or "::";
}
