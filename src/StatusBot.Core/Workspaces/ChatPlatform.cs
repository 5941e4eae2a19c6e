namespace StatusBot.Core.Workspaces;

/// <summary>The chat platforms StatusBot speaks. The core never branches on it; adapters do.</summary>
public enum ChatPlatform
{
    Playground,
    Slack,
    Teams,
}
