using System.Data.Common;

namespace StatusBot.Data.Dialects;

/// <summary>
/// What differs between PostgreSQL and SQLite. Repositories write SQL once, in the subset both
/// understand (<c>on conflict … do …</c>, <c>returning</c>); only connection set-up, migration locking
/// and error classification live here.
/// </summary>
public abstract class SqlDialect
{
    public abstract StorageProvider Provider { get; }

    /// <summary>Folder of the numbered migration scripts for this dialect.</summary>
    public string MigrationFolder => Provider.ToString();

    public abstract DbConnection CreateConnection();

    /// <summary>Opens the connection and applies per-connection settings.</summary>
    public virtual async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Once-per-database settings applied before migrating, outside any transaction; null when there are none.</summary>
    public virtual string? PrepareDatabaseSql => null;

    /// <summary>Serializes migrations between instances starting at once; runs inside the migration transaction.</summary>
    public abstract string MigrationLockSql { get; }

    /// <summary>
    /// Appended to the select of rows a worker is about to lease, so concurrent workers take disjoint rows without
    /// waiting on each other. Empty where the engine serializes writers anyway (SQLite).
    /// </summary>
    public virtual string SkipLockedClause => string.Empty;

    /// <summary>
    /// "<paramref name="column"/> is one of the array <paramref name="parameter"/>" (a <c>long[]</c> or <c>string[]</c>),
    /// passed whole as one parameter in both stores: a PostgreSQL array, on SQLite a JSON array unpacked by
    /// <c>json_each</c> (see <see cref="DapperTypeHandlers"/>).
    /// </summary>
    public abstract string AnyOf(string column, string parameter);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// The engine refused a text value it cannot hold (PostgreSQL's text has no NUL character): the request's input is
    /// at fault, not the server. SQLite stores any string.
    /// </summary>
    public virtual bool IsUnstorableText(DbException exception) => false;

    /// <summary>
    /// The engine aborted this transaction because of another one (deadlock, serialization failure): the unit of work
    /// is run again (<c>ConcurrencyConflictException</c>). Never true on SQLite, whose writers take turns.
    /// </summary>
    public virtual bool IsConflict(DbException exception) => false;

    /// <summary>Turns a failure to reach or migrate the store into one line an operator can act on.</summary>
    public abstract string ExplainFailure(Exception exception);

    /// <summary>A short, human description of where the data lives, for logs (never with a password).</summary>
    public abstract string Describe();
}
