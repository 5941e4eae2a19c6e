using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBot.Data;
using StatusBot.Data.Dialects;
using StatusBot.Data.Migrations;
using StatusBot.Data.Startup;

namespace StatusBot.Testing;

/// <summary>
/// A fresh, isolated database for one test: a temporary SQLite file, or a new schema on the test
/// PostgreSQL server. Disposing it removes everything it created.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _schema;
    private readonly string? _file;

    private TestDatabase(StoreKind kind, string connectionString, string? schema, string? file)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _schema = schema;
        _file = file;
        Dialect = StorageServiceCollectionExtensions.CreateDialect(Provider, connectionString);
        Store = new DapperStore(Dialect);
    }

    public StoreKind Kind { get; }
    public string ConnectionString { get; }
    public SqlDialect Dialect { get; }
    public DapperStore Store { get; }

    public StorageProvider Provider => Kind == StoreKind.Postgres ? StorageProvider.Postgres : StorageProvider.Sqlite;

    /// <summary>An empty database (no migrations applied).</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(StoreKind kind)
    {
        if (kind == StoreKind.Postgres)
        {
            var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
            return new TestDatabase(kind, connectionString, schema, null);
        }

        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        return new TestDatabase(kind, $"Data Source={file}", null, file);
    }

    /// <summary>A database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateAsync(StoreKind kind, TimeProvider? time = null)
    {
        var database = await CreateEmptyAsync(kind);
        await database.CreateMigrator(time).MigrateAsync(CancellationToken.None);
        return database;
    }

    public Migrator CreateMigrator(TimeProvider? time = null) =>
        new(Dialect, time ?? TimeProvider.System, NullLogger<Migrator>.Instance);

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }

        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _file, _file + "-wal", _file + "-shm", _file + "-journal" })
            {
                File.Delete(path);
            }
        }
    }
}
