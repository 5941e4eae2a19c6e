using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace StatusBot.Core.Workspaces;

/// <summary>
/// The one rule for playground names, shared by the playground's log-in (who you are) and the command parser's
/// <c>@name</c> mentions (whom you mean): a mention must name someone who can log in, as the same identity, or the
/// program fills with people nobody can be (<c>@Alice</c> beside <c>alice</c>, <c>@zoë</c> who cannot log in).
/// </summary>
public static partial class PlaygroundNames
{
    public const string WorkspaceId = "playground";

    /// <summary>What a name may be, for error messages.</summary>
    public const string Rule = "letters, digits, '.', '_' or '-' (up to 32, starting with a letter)";

    /// <summary>The identity of a valid name (<c>Alice</c> becomes <c>playground:alice</c>), or false.</summary>
    public static bool TryIdentity(string? name, [NotNullWhen(true)] out string? identity)
    {
        identity = name is not null && Name().IsMatch(name) ? $"{WorkspaceId}:{name.ToLowerInvariant()}" : null;
        return identity is not null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex Name();
}
