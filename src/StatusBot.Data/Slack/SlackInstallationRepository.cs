using Dapper;

namespace StatusBot.Data.Slack;

/// <summary>A workspace that installed the Slack app; the token is stored only in encrypted form.</summary>
public sealed record SlackInstallation
{
    public required string TeamId { get; init; }
    public required string TeamName { get; init; }
    public required string BotUserId { get; init; }
    public required string EncryptedBotToken { get; init; }
    public required string InstalledByUserId { get; init; }
    public required DateTimeOffset InstalledAt { get; init; }
}

/// <summary>Per-workspace Slack installations (multi-workspace OAuth mode).</summary>
public sealed class SlackInstallationRepository(DapperStore store)
{
    /// <summary>Stores the installation; a reinstall replaces the token and the installer.</summary>
    public async Task UpsertAsync(SlackInstallation installation, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into slack_installations (team_id, team_name, bot_user_id, encrypted_bot_token, installed_by_user_id, installed_at)
            values (@TeamId, @TeamName, @BotUserId, @EncryptedBotToken, @InstalledByUserId, @InstalledAt)
            on conflict (team_id) do update set
                team_name = excluded.team_name,
                bot_user_id = excluded.bot_user_id,
                encrypted_bot_token = excluded.encrypted_bot_token,
                installed_by_user_id = excluded.installed_by_user_id,
                installed_at = excluded.installed_at
            """,
            installation,
            cancellationToken: cancellationToken));
    }

    public async Task<SlackInstallation?> GetAsync(string teamId, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SlackInstallation>(new CommandDefinition(
            "select * from slack_installations where team_id = @teamId", new { teamId }, cancellationToken: cancellationToken));
    }
}
