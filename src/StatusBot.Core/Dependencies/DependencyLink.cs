namespace StatusBot.Core.Dependencies;

/// <summary>
/// "<see cref="DownstreamId"/> cannot start before <see cref="UpstreamId"/> is delivered" (<c>dep waits</c>): an edge of
/// the dependency graph from upstream to downstream. One upstream may feed several downstream deliveries and one
/// downstream may wait on several, so links are rows of their own.
/// </summary>
public sealed record DependencyLink
{
    public required long UpstreamId { get; init; }
    public required long DownstreamId { get; init; }
    public required long CreatedByPersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
