using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StatusBot.Core.Delivery;
using StatusBot.Data.Dialects;
using StatusBot.Data.Startup;

namespace StatusBot.Scheduling.Delivery;

/// <summary>
/// Carries <see cref="OutboxSignal"/> between the instances on one PostgreSQL schema (LISTEN/NOTIFY on
/// <see cref="ChannelOf"/> the schema: notifications are per database, and several deployments may share one): rows
/// queued by one instance wake the lanes of every other, one of which may hold the send lease of their workspace.
/// Without it, a reply queued by the instance that took the request waited for the lease holder's next look
/// (<c>Outbox:IdleDelay</c>). A burst of commits is one notification per <see cref="Interval"/>, sent from the relay's
/// own connection after the commit: a NOTIFY inside the committing transaction would make every such commit wait for
/// the server's one notification lock. On the embedded store there is one instance and nothing to relay. Wakes are
/// hints: while the relay is reconnecting the lanes find new rows at their next look, as without it.
/// </summary>
public sealed class OutboxWakeRelay(OutboxSignal signal, SqlDialect dialect, BackgroundStart start, TimeProvider time, ILogger<OutboxWakeRelay> logger)
    : BackgroundService
{
    /// <summary>The channel of the bot's instances on <paramref name="schema"/> (at most 63 bytes, PostgreSQL's limit for a name).</summary>
    public static string ChannelOf(string schema)
    {
        var channel = $"statusbot_outbox:{schema}";
        // A schema name too long for the channel is replaced by its hash (still one channel per schema).
        return Encoding.UTF8.GetByteCount(channel) <= 63
            ? channel
            : $"statusbot_outbox:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..32]}";
    }

    /// <summary>The shortest time between two notifications of this instance (lanes act on a wake at most every tenth of <c>Outbox:IdleDelay</c>).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    // Tells this instance's own notifications apart from the others' (it hears its own too).
    private readonly string _instance = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dialect.Provider != StorageProvider.Postgres)
        {
            return;
        }

        try
        {
            await start.WhenOpenAsync(stoppingToken);
            var channel = ChannelOf(await CurrentSchemaAsync(stoppingToken));
            await Task.WhenAll(ListenAsync(channel, stoppingToken), TellAsync(channel, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The schema the bot's tables are in (the connection string's search path, else the server's default).</summary>
    private async Task<string> CurrentSchemaAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await using var connection = await dialect.OpenAsync(stoppingToken);
                await using var query = new NpgsqlCommand("select current_schema()", (NpgsqlConnection)connection);
                return (string?)await query.ExecuteScalarAsync(stoppingToken) ?? "public";
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Outbox: cannot reach {Store} to hear the other instances ({Problem}); trying again in {Delay}", dialect.Describe(), dialect.ExplainFailure(exception), Reconnect);
                await Task.Delay(Reconnect, time, stoppingToken);
            }
        }
    }

    /// <summary>Wakes this instance's lanes whenever another instance tells; reconnects after a failure.</summary>
    private async Task ListenAsync(string channel, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DbConnection? connection = null;
            try
            {
                connection = await dialect.OpenAsync(stoppingToken);
                var npgsql = (NpgsqlConnection)connection;
                npgsql.Notification += (_, notification) =>
                {
                    if (ParsePayload(notification.Payload) is { } news && news.Instance != _instance)
                    {
                        signal.RowsQueuedElsewhere(news.DueLater);
                    }
                };
                await using (var listen = new NpgsqlCommand($"listen \"{channel.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", npgsql))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Rows queued elsewhere while this instance was not listening: looked for once now.
                signal.RowsQueuedElsewhere();
                while (true)
                {
                    // A connection that died quietly shows when it is next used: checked every minute without news.
                    if (!await npgsql.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("select 1", npgsql);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(
                    exception,
                    "Outbox: not hearing the other instances' queued messages ({Problem}); their messages wait up to Outbox:IdleDelay here; trying again in {Delay}",
                    dialect.ExplainFailure(exception),
                    Reconnect);
                await Task.Delay(Reconnect, time, stoppingToken);
            }
            finally
            {
                if (connection is not null)
                {
                    await StopListeningAsync(connection);
                }
            }
        }
    }

    /// <summary>
    /// Pooled connections are not reset when they go back (<see cref="PostgresDataSources"/>): one still listening would
    /// be handed to the next unit of work with this channel's notifications queued on it.
    /// </summary>
    private static async Task StopListeningAsync(DbConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("unlisten *", (NpgsqlConnection)connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception)
        {
            // A broken connection is dropped by the pool, not reused.
        }

        await connection.DisposeAsync();
    }

    /// <summary>
    /// A notification's text: the telling instance, then the times (Unix milliseconds) that rows it queued to go later
    /// come due, so the listeners wake then too: <c>instance</c> or <c>instance 1796101200000 1796101200100</c>.
    /// At most <see cref="OutboxSignal.MaxDueLater"/> times: well under PostgreSQL's 8,000-byte limit for a payload.
    /// </summary>
    public static string Payload(string instance, IReadOnlyList<DateTimeOffset> dueLater) =>
        dueLater.Count == 0
            ? instance
            : $"{instance} {string.Join(' ', dueLater.Take(OutboxSignal.MaxDueLater).Select(at => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)))}";

    /// <summary>The instance and times of <see cref="Payload"/>; null for text no instance of this bot sent.</summary>
    public static (string Instance, IReadOnlyList<DateTimeOffset> DueLater)? ParsePayload(string payload)
    {
        var parts = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > OutboxSignal.MaxDueLater + 1)
        {
            return null;
        }

        var dueLater = new List<DateTimeOffset>(parts.Length - 1);
        foreach (var part in parts.Skip(1))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > MaxUnixMilliseconds)
            {
                return null;
            }

            dueLater.Add(DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }

        return (parts[0], dueLater);
    }

    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Tells the other instances when this one queued rows: at most one notification per <see cref="Interval"/>.</summary>
    private async Task TellAsync(string channel, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var dueLater = await signal.WaitForRowsQueuedHereAsync(stoppingToken);
            try
            {
                await using var connection = await dialect.OpenAsync(stoppingToken);
                await using var notify = new NpgsqlCommand("select pg_notify(@channel, @payload)", (NpgsqlConnection)connection);
                notify.Parameters.AddWithValue("channel", channel);
                notify.Parameters.AddWithValue("payload", Payload(_instance, dueLater));
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The others find the rows at their next look.
                logger.LogDebug(exception, "Outbox: could not tell the other instances of queued messages");
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}
