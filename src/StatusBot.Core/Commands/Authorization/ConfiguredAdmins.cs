namespace StatusBot.Core.Commands.Authorization;

/// <summary>
/// Workspace admins named in configuration (<c>StatusBot:Admins</c>): platform identities such as
/// <c>slack:T0001:U0001</c>. Each is an admin of the workspace its identity belongs to, and only of that one.
/// </summary>
public sealed class ConfiguredAdmins(IEnumerable<string> identities)
{
    private readonly HashSet<string> _identities = new(identities, StringComparer.Ordinal);

    public bool Contains(string identity) => _identities.Contains(identity);

    /// <summary>The configured admins of one workspace.</summary>
    public IReadOnlyList<string> Of(string workspaceId) =>
        _identities.Where(identity => identity.StartsWith(workspaceId + ":", StringComparison.Ordinal)
            && identity.LastIndexOf(':') == workspaceId.Length).Order(StringComparer.Ordinal).ToList();
}
