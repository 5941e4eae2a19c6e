using Dapper;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Workspaces;

public sealed class WorkspaceInstallationTests : StoreTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_reinstall_replaces_the_token_and_installer_of_that_workspace_only(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var installations = new WorkspaceInstallationRepository(db.Store);
        await installations.UpsertAsync(Installation("slack:T1", "token-1", "U1"), Ct);
        await installations.UpsertAsync(Installation("slack:T2", "token-2", "U2"), Ct);

        await installations.UpsertAsync(Installation("slack:T1", "token-3", "U3") with { WorkspaceName = "Renamed" }, Ct);

        var first = await installations.GetAsync("slack:T1", Ct);
        Assert.Equal(("Renamed", "token-3", "U3"), (first!.WorkspaceName, first.EncryptedBotToken, first.InstalledByUserId));
        Assert.Equal("token-2", (await installations.GetAsync("slack:T2", Ct))!.EncryptedBotToken);
        Assert.Null(await installations.GetAsync("slack:T3", Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_install_state_is_used_once_and_old_uses_are_forgotten(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var log = new InstallStateLog(db.Store);

        Assert.True(await log.TryUseAsync("nonce-1", Now, Now.AddMinutes(-10), Ct));
        Assert.False(await log.TryUseAsync("nonce-1", Now.AddMinutes(1), Now.AddMinutes(-9), Ct));
        Assert.True(await log.TryUseAsync("nonce-2", Now.AddMinutes(1), Now.AddMinutes(-9), Ct));

        await log.TryUseAsync("nonce-3", Now.AddMinutes(30), Now.AddMinutes(20), Ct);
        await using var connection = await db.Dialect.OpenAsync(Ct);
        Assert.Equal(["nonce-3"], await connection.QueryAsync<string>("select nonce from install_states"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Upgrading_keeps_a_slack_installation_made_by_the_previous_release(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(kind);
        var migrator = db.CreateMigrator();
        await using (var connection = await db.Dialect.OpenAsync(Ct))
        {
            // The database as the release before 0085 left it, with one OAuth installation.
            await connection.ExecuteAsync("create table schema_migrations (version integer primary key, name text not null, applied_at text not null)");
            foreach (var script in migrator.Scripts.Where(s => s.Version < 85))
            {
                await connection.ExecuteAsync(script.Sql);
                await connection.ExecuteAsync("insert into schema_migrations (version, name, applied_at) values (@Version, @Name, 'x')", new { script.Version, script.Name });
            }

            await connection.ExecuteAsync(
                """
                insert into slack_installations (team_id, team_name, bot_user_id, encrypted_bot_token, installed_by_user_id, installed_at)
                values ('T0001', 'Acme', 'UBOT', 'sealed-token', 'U0001', @Now)
                """,
                new { Now });
        }

        await migrator.MigrateAsync(Ct);

        var kept = await new WorkspaceInstallationRepository(db.Store).GetAsync("slack:T0001", Ct);
        Assert.Equal(("Acme", "UBOT", "sealed-token", "U0001", Now), (kept!.WorkspaceName, kept.BotUserId, kept.EncryptedBotToken, kept.InstalledByUserId, kept.InstalledAt));
    }

    private static WorkspaceInstallation Installation(string workspaceId, string token, string installer) => new()
    {
        WorkspaceId = workspaceId,
        WorkspaceName = workspaceId,
        BotUserId = "UBOT",
        EncryptedBotToken = token,
        InstalledByUserId = installer,
        InstalledAt = Now,
    };
}
