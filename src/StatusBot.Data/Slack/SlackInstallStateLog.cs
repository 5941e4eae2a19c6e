using Dapper;

namespace StatusBot.Data.Slack;

/// <summary>
/// The nonces of OAuth install states already used, shared by every instance: the first callback with a state wins,
/// a replay of it (from any browser, on any instance) is refused.
/// </summary>
public sealed class SlackInstallStateLog(DapperStore store)
{
    /// <summary>True when <paramref name="nonce"/> had not been used; it is used from now on. Forgets uses older than <paramref name="keepSince"/>.</summary>
    public async Task<bool> TryUseAsync(string nonce, DateTimeOffset now, DateTimeOffset keepSince, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from slack_install_states where used_at < @keepSince", new { keepSince }, cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "insert into slack_install_states (nonce, used_at) values (@nonce, @now) on conflict (nonce) do nothing",
            new { nonce, now },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }
}
