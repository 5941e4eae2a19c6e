using Dapper;
using StatusBot.Core.Workspaces;

namespace StatusBot.Data.Workspaces;

/// <summary>Installations in <c>workspace_installations</c>, one row per workspace.</summary>
public sealed class WorkspaceInstallationRepository(DapperStore store) : IWorkspaceInstallationRepository
{
    public async Task UpsertAsync(WorkspaceInstallation installation, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into workspace_installations (workspace_id, workspace_name, bot_user_id, encrypted_bot_token, installed_by_user_id, installed_at)
            values (@WorkspaceId, @WorkspaceName, @BotUserId, @EncryptedBotToken, @InstalledByUserId, @InstalledAt)
            on conflict (workspace_id) do update set
                workspace_name = excluded.workspace_name,
                bot_user_id = excluded.bot_user_id,
                encrypted_bot_token = excluded.encrypted_bot_token,
                installed_by_user_id = excluded.installed_by_user_id,
                installed_at = excluded.installed_at
            """,
            installation,
            cancellationToken: cancellationToken));
    }

    public async Task<WorkspaceInstallation?> GetAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WorkspaceInstallation>(new CommandDefinition(
            "select * from workspace_installations where workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken));
    }
}
