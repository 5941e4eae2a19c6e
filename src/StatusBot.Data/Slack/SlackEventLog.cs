using Dapper;

namespace StatusBot.Data.Slack;

/// <summary>
/// The Slack event ids already accepted. Slack retries an unacknowledged event up to three times and
/// several instances may each see a copy, so the first insert wins (<c>on conflict do nothing</c>)
/// and only its caller processes the event.
/// </summary>
public sealed class SlackEventLog(DapperStore store)
{
    /// <summary>Records the event; true if it was new (process it), false if it was seen before.</summary>
    public async Task<bool> TryRecordAsync(string eventId, string teamId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into slack_events (event_id, team_id, received_at) values (@eventId, @teamId, @receivedAt)
            on conflict (event_id) do nothing
            """,
            new { eventId, teamId, receivedAt },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>Drops ids recorded before <paramref name="cutoff"/> (Slack stops retrying after minutes); returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from slack_events where received_at < @cutoff", new { cutoff }, cancellationToken: cancellationToken));
    }

    /// <summary>Forgets an event that could not be handed on, so Slack's retry of it is processed.</summary>
    public async Task ForgetAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from slack_events where event_id = @eventId", new { eventId }, cancellationToken: cancellationToken));
    }

    /// <summary>How many times an event id is recorded (0 or 1); for diagnostics and tests.</summary>
    public async Task<int> CountAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await store.Dialect.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from slack_events where event_id = @eventId", new { eventId }, cancellationToken: cancellationToken));
    }
}
