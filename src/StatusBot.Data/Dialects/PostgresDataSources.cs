using System.Data.Common;
using Npgsql;

namespace StatusBot.Data.Dialects;

/// <summary>
/// Builds the bot's PostgreSQL data source. Npgsql prepares nothing unless told to, so the server parses and plans every
/// statement anew: on the outbox's path (claim, record, renew) planning cost the server about as much as running the
/// statements. Unless the connection string sets <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a pooler
/// in transaction mode that cannot keep prepared statements), the statements a connection runs often are prepared on it.
/// Unless it sets <c>No Reset On Close</c> itself, a connection going back to the pool is not reset: the reset is seven
/// statements (<c>set session authorization default; reset all; close all; unlisten *; …</c>) the server runs on the
/// connection's next use, about one unit of work in two on the outbox's path (one record per message), and the bot sets
/// no session state to reset (its only advisory lock is transaction-scoped; a transaction left open is rolled back anyway).
/// </summary>
public static class PostgresDataSources
{
    /// <summary>Statements kept prepared per connection (Npgsql's least recently used ones are dropped beyond it).</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <param name="connectionString">The operator's; a <c>Max Auto Prepare</c> or <c>No Reset On Close</c> it sets wins.</param>
    /// <param name="resetOnClose">
    /// True for a library that leaves session state behind: Hangfire LISTENs on its connections (long polling), and a
    /// pooled connection still listening would be sent every later notification. The reset keeps prepared statements.
    /// </param>
    public static NpgsqlDataSource Create(string connectionString, bool resetOnClose = false)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!resetOnClose && !Sets(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private static bool Sets(string connectionString, string setting)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys;
        return keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), setting, StringComparison.OrdinalIgnoreCase));
    }
}
