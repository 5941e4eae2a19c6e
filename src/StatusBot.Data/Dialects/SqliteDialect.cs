using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace StatusBot.Data.Dialects;

public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    // One text parameter, whatever the array's length: Dapper's expansion into one parameter per element cost a batch of
    // 250 teams ~2 ms per statement on SQLite (each parameter's name looked up under three prefixes at every execution),
    // and every length was a new statement to prepare.
    public override string AnyOf(string column, string parameter) => $"{column} in (select value from json_each({parameter}))";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    // SQLite's write transactions are already serialized (BEGIN IMMEDIATE), so no extra lock is needed.
    public override string MigrationLockSql => "select 1";

    // WAL lets readers run beside the one writer; the mode is stored in the file, so it is set once, at migration.
    public override string? PrepareDatabaseSql => IsInMemory ? null : "pragma journal_mode = wal;";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// How long a statement waits for another connection's write lock, inside SQLite (short sleeps that grow from 1 ms),
    /// before it reports the database busy. Without it Microsoft.Data.Sqlite retries a busy statement itself, sleeping
    /// 150 ms between tries, so every collision of two writers (BEGIN IMMEDIATE) cost at least 150 ms: at start, the
    /// scheduler's first sync met the background workers' first passes and the host was ready ~150 ms later on an empty
    /// database. 30 s is Microsoft.Data.Sqlite's own command timeout, so a lock held for longer still fails as before.
    /// </summary>
    internal const string BusyTimeoutPragma = " pragma busy_timeout = 30000;";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // The embedded default lives in ./data/, which does not exist on a fresh clone.
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory) && !IsInMemory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = await base.OpenAsync(cancellationToken);
        if (!IsInMemory)
        {
            try
            {
                // Per connection: in WAL mode a commit then no longer waits for an fsync of the main file; still
                // crash-safe for the process, at most the last commits lost on power loss.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "pragma synchronous = normal;" + BusyTimeoutPragma;
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        return connection;
    }

    private bool IsInMemory => DataSource == ":memory:" || DataSource.StartsWith("file::memory:", StringComparison.Ordinal);

    public override string ExplainFailure(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 26 } =>
            $"{Describe()} is not a SQLite database (corrupt or another kind of file); move it away to start afresh",
        SqliteException { SqliteErrorCode: 8 } =>
            $"{Describe()} is read-only; StatusBot needs to write to it and to its folder",
        SqliteException { SqliteErrorCode: 14 } =>
            $"cannot open {Describe()}: check that the folder exists and is writable",
        SqliteException sqlite => $"{Describe()} failed: {sqlite.Message}",
        UnauthorizedAccessException or IOException => $"cannot create the folder for {Describe()}: {exception.Message}",
        _ => $"{Describe()} failed: {exception.Message}",
    };

    public override string Describe() => $"SQLite {Path.GetFullPath(DataSource)}";
}
