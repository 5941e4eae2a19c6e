using System.Data.Common;
using Npgsql;

namespace StatusBot.Data.Dialects;

public sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    public override string AnyOf(string column, string parameter) => $"{column} = any({parameter})";

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override DbConnection CreateConnection() => dataSource.CreateConnection();

    // A transaction-scoped advisory lock: a second instance waits until the first has migrated.
    public override string MigrationLockSql => "select pg_advisory_xact_lock(7245931)";

    public override string SkipLockedClause => "for update skip locked";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsUnstorableText(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter };

    // Two units of work that update the same dependencies in different orders can deadlock; PostgreSQL aborts one.
    public override bool IsConflict(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    public override string ExplainFailure(Exception exception) => exception switch
    {
        PostgresException pg => $"{Describe()} refused the request: {pg.MessageText} (SQLSTATE {pg.SqlState})",
        NpgsqlException { InnerException: { } inner } => $"cannot reach {Describe()}: {inner.Message}",
        NpgsqlException npgsql => $"cannot reach {Describe()}: {npgsql.Message}",
        TimeoutException => $"cannot reach {Describe()}: timed out",
        _ => $"{Describe()} failed: {exception.Message}",
    };

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
