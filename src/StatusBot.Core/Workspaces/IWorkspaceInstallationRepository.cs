namespace StatusBot.Core.Workspaces;

/// <summary>A workspace that installed the app through its platform's OAuth flow; the bot token only in encrypted form.</summary>
public sealed record WorkspaceInstallation
{
    /// <summary>The neutral workspace id (<c>slack:T1</c>), as in <see cref="Workspace.Id"/>.</summary>
    public required string WorkspaceId { get; init; }
    public required string WorkspaceName { get; init; }

    /// <summary>The bot's own user id in that workspace.</summary>
    public required string BotUserId { get; init; }

    /// <summary>The bot token, encrypted by the adapter before it reaches the store.</summary>
    public required string EncryptedBotToken { get; init; }

    /// <summary>The platform's id of the person who installed the app.</summary>
    public required string InstalledByUserId { get; init; }
    public required DateTimeOffset InstalledAt { get; init; }
}

/// <summary>Installations per workspace, shared by every instance (multi-workspace installs).</summary>
public interface IWorkspaceInstallationRepository
{
    /// <summary>Stores the installation; a reinstall replaces the token and the installer.</summary>
    Task UpsertAsync(WorkspaceInstallation installation, CancellationToken cancellationToken);

    Task<WorkspaceInstallation?> GetAsync(string workspaceId, CancellationToken cancellationToken);
}
