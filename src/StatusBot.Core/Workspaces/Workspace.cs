namespace StatusBot.Core.Workspaces;

/// <summary>
/// One chat tenancy: a Slack workspace (<c>slack:T123</c>), a Microsoft Teams tenant
/// (<c>teams:&lt;tenant id&gt;</c>) or the local playground (<c>playground</c>).
/// Every program, team and person belongs to exactly one workspace and is never visible from another.
/// </summary>
public sealed record Workspace
{
    public required string Id { get; init; }
    public required ChatPlatform Platform { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
