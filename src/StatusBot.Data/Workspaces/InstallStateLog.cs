using Dapper;
using StatusBot.Core.Workspaces;

namespace StatusBot.Data.Workspaces;

/// <summary>Used install-state nonces in <c>install_states</c>; the primary key makes the first use win on every instance.</summary>
public sealed class InstallStateLog(DapperStore store) : IInstallStateLog
{
    public async Task<bool> TryUseAsync(string nonce, DateTimeOffset now, DateTimeOffset keepSince, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from install_states where used_at < @keepSince", new { keepSince }, cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "insert into install_states (nonce, used_at) values (@nonce, @now) on conflict (nonce) do nothing",
            new { nonce, now },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }
}
