using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StatusBot.Playground;

/// <summary>Playground people are named by the visitor: <c>alice</c> becomes <c>playground:alice</c>.</summary>
public static partial class PlaygroundIdentity
{
    public const string WorkspaceId = "playground";

    public static bool TryFromName(string? name, [NotNullWhen(true)] out string? identity)
    {
        identity = name is not null && Name().IsMatch(name) ? $"{WorkspaceId}:{name.ToLowerInvariant()}" : null;
        return identity is not null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex Name();
}
