using Dapper;
using Microsoft.Data.Sqlite;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Migrations;

public sealed class MigrationTests : StoreTest
{

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Migrating_an_empty_database_applies_every_script_and_a_rerun_applies_none(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(kind);
        var migrator = db.CreateMigrator();

        var first = await migrator.MigrateAsync(Ct);
        var second = await migrator.MigrateAsync(Ct);

        Assert.Equal(migrator.Scripts.Count, first);
        Assert.True(first >= 1);
        Assert.Equal(0, second);
        Assert.Equal(migrator.Scripts[^1].Version, await migrator.CurrentVersionAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Instances_migrating_at_once_apply_each_script_exactly_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(kind);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.CreateMigrator().MigrateAsync(Ct), Ct)));

        Assert.Equal(db.CreateMigrator().Scripts.Count, applied.Sum());
    }

    [Fact]
    public void Both_dialects_ship_the_same_migration_versions()
    {
        var sqlite = StatusBot.Data.Migrations.MigrationScript.Load("Sqlite").Select(s => (s.Version, s.Name));
        var postgres = StatusBot.Data.Migrations.MigrationScript.Load("Postgres").Select(s => (s.Version, s.Name));

        Assert.Equal(postgres, sqlite);
    }

    [Fact]
    public async Task A_read_only_sqlite_database_is_refused_at_migration_with_a_clear_reason()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        var readOnly = Startup.StorageServiceCollectionExtensions.CreateDialect(
            Dialects.StorageProvider.Sqlite, db.ConnectionString + ";Mode=ReadOnly");
        var migrator = new StatusBot.Data.Migrations.Migrator(readOnly, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<StatusBot.Data.Migrations.Migrator>.Instance);

        var failure = await Assert.ThrowsAsync<SqliteException>(() => migrator.MigrateAsync(Ct));

        Assert.Contains("is read-only", readOnly.ExplainFailure(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_sqlite_file_is_explained_not_crashed_on()
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "this is not a database, just some text that is long enough to be read as a header" + new string('x', 200), Ct);
        var dialect = Startup.StorageServiceCollectionExtensions.CreateDialect(Dialects.StorageProvider.Sqlite, $"Data Source={file}");
        var migrator = new StatusBot.Data.Migrations.Migrator(dialect, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<StatusBot.Data.Migrations.Migrator>.Instance);

        var failure = await Assert.ThrowsAsync<SqliteException>(() => migrator.MigrateAsync(Ct));

        Assert.Contains("is not a SQLite database", dialect.ExplainFailure(failure), StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_session_disposed_without_commit_leaves_nothing_behind(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        await using (var session = await db.Store.BeginAsync(Ct))
        {
            await Seed.WorkspaceAsync(session);
            await Seed.ProgramAsync(session);
        }

        await using var connection = await db.Dialect.OpenAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from programs"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from workspaces"));
    }
}
