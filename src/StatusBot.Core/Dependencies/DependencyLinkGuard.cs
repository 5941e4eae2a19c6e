using StatusBot.Core.Storage;

namespace StatusBot.Core.Dependencies;

/// <summary>
/// The check <c>dep waits</c> runs before storing a new link: refuses it, naming the cycle, when the dependency it
/// would feed already feeds it (directly or through others, over both the link rows and the older single column).
/// </summary>
public static class DependencyLinkGuard
{
    /// <exception cref="DependencyCycleException">The link would close a cycle.</exception>
    /// <exception cref="ArgumentException">Either dependency is unknown or they belong to different programs.</exception>
    public static async Task EnsureCanFeedAsync(IStoreSession session, long dependencyId, long feedsDependencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dependency = await session.Dependencies.GetAsync(dependencyId, cancellationToken)
            ?? throw new ArgumentException($"There is no dependency {dependencyId}.", nameof(dependencyId));
        var feeds = await session.Dependencies.GetAsync(feedsDependencyId, cancellationToken)
            ?? throw new ArgumentException($"There is no dependency {feedsDependencyId}.", nameof(feedsDependencyId));
        if (feeds.ProgramId != dependency.ProgramId)
        {
            throw new ArgumentException($"{dependency.What} and {feeds.What} belong to different programs.", nameof(feedsDependencyId));
        }

        var graph = DependencyGraph.Build(
            await session.Dependencies.ListAsync(dependency.ProgramId, cancellationToken),
            [],
            DateOnly.MinValue,
            await session.Dependencies.ListLinksAsync(dependency.ProgramId, cancellationToken));
        graph.EnsureCanLink(NodeRef.Dependency(dependencyId), NodeRef.Dependency(feedsDependencyId));
    }
}
