using System.Diagnostics.CodeAnalysis;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.People;

/// <summary>
/// A platform-neutral identity: <c>slack:T123:U456</c>, <c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c>
/// or <c>playground:alice</c>. The workspace part is everything before the last colon.
/// </summary>
public readonly record struct PersonIdentity
{
    private PersonIdentity(ChatPlatform platform, string workspaceId, string userId)
    {
        Platform = platform;
        WorkspaceId = workspaceId;
        UserId = userId;
    }

    public ChatPlatform Platform { get; }

    /// <summary>The workspace id, e.g. <c>slack:T123</c> or <c>playground</c>.</summary>
    public string WorkspaceId { get; }

    /// <summary>The user id inside the workspace, e.g. <c>U456</c>.</summary>
    public string UserId { get; }

    public static PersonIdentity Parse(string value) =>
        TryParse(value, out var identity, out var error)
            ? identity
            : throw new FormatException(error);

    public static bool TryParse(string? value, out PersonIdentity identity, [NotNullWhen(false)] out string? error)
    {
        identity = default;
        var parts = (value ?? string.Empty).Split(':');
        switch (parts)
        {
            case ["slack", { Length: > 0 } team, { Length: > 0 } user]:
                identity = new PersonIdentity(ChatPlatform.Slack, $"slack:{team}", user);
                break;
            case ["teams", { Length: > 0 } tenant, { Length: > 0 } user]:
                identity = new PersonIdentity(ChatPlatform.Teams, $"teams:{tenant}", user);
                break;
            case ["playground", { Length: > 0 } user]:
                identity = new PersonIdentity(ChatPlatform.Playground, "playground", user);
                break;
            default:
                error = $"'{value}' is not a person identity; expected slack:<team>:<user>, teams:<tenant>:<aad object id> or playground:<name>";
                return false;
        }

        error = null;
        return true;
    }

    public override string ToString() => $"{WorkspaceId}:{UserId}";
}
