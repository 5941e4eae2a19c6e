using System.Data.Common;
using Npgsql;

namespace StatusBot.Data.Dialects;

/// <summary>
/// Builds the bot's PostgreSQL data source. Npgsql prepares nothing unless told to, so the server parses and plans every
/// statement anew: on the outbox's path (claim, record, renew) planning cost the server about as much as running the
/// statements. Unless the connection string sets <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a pooler
/// in transaction mode that cannot keep prepared statements), the statements a connection runs often are prepared on it.
/// </summary>
public static class PostgresDataSources
{
    /// <summary>Statements kept prepared per connection (Npgsql's least recently used ones are dropped beyond it).</summary>
    public const int DefaultMaxAutoPrepare = 128;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsMaxAutoPrepare(connectionString))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private static bool SetsMaxAutoPrepare(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys;
        return keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
    }
}
