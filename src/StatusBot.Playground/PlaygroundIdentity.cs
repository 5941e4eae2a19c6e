using System.Diagnostics.CodeAnalysis;
using StatusBot.Core.Workspaces;

namespace StatusBot.Playground;

/// <summary>Playground people are named by the visitor: <c>alice</c> becomes <c>playground:alice</c> (<see cref="PlaygroundNames"/>).</summary>
public static class PlaygroundIdentity
{
    public const string WorkspaceId = PlaygroundNames.WorkspaceId;

    public static bool TryFromName(string? name, [NotNullWhen(true)] out string? identity) => PlaygroundNames.TryIdentity(name, out identity);
}
