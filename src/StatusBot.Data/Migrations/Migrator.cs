using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using StatusBot.Data.Dialects;

namespace StatusBot.Data.Migrations;

/// <summary>
/// Applies the numbered scripts under <c>Migrations/&lt;dialect&gt;/</c> that the database has not seen yet,
/// all in one transaction, holding the dialect's migration lock so instances that start together migrate once.
/// Then, still holding the lock, the registered <see cref="IMigrationStep"/>s (another component's own schema, such as
/// the scheduler's), so they too run on one instance at a time.
/// </summary>
public sealed class Migrator(SqlDialect dialect, TimeProvider time, ILogger<Migrator> logger, IEnumerable<IMigrationStep>? steps = null)
{
    /// <summary>The scripts shipped for this dialect, ordered by version.</summary>
    public IReadOnlyList<MigrationScript> Scripts { get; } = MigrationScript.Load(dialect.MigrationFolder);

    /// <summary>Applies pending scripts; returns how many were applied (0 when already up to date).</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        if (dialect.PrepareDatabaseSql is { } prepare)
        {
            await connection.ExecuteAsync(new CommandDefinition(prepare, cancellationToken: cancellationToken));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(dialect.MigrationLockSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at text not null)",
            transaction: transaction,
            cancellationToken: cancellationToken));

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "select version from schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();

        var count = 0;
        foreach (var script in Scripts.Where(s => !applied.Contains(s.Version)))
        {
            logger.LogInformation("Applying migration {Version} {Name} to {Store}", script.Version, script.Name, dialect.Describe());
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into schema_migrations (version, name, applied_at) values (@Version, @Name, @AppliedAt)",
                new { script.Version, script.Name, AppliedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                transaction,
                cancellationToken: cancellationToken));
            count++;
        }

        foreach (var step in steps ?? [])
        {
            await step.RunAsync(cancellationToken);
        }

        // Row 0 is rewritten at every start: it proves the store accepts writes (a read-only file or
        // a read-only PostgreSQL replica fails here, at start, rather than on the first user's answer).
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into schema_migrations (version, name, applied_at) values (0, 'write check', @Now)
            on conflict (version) do update set applied_at = excluded.applied_at
            """,
            new { Now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            transaction,
            cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>The highest version the database has applied, or 0 if it has none.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select max(version) from schema_migrations", cancellationToken: cancellationToken)) ?? 0;
    }
}

/// <summary>
/// Schema work of another component that must run once per database, serialized with every other instance's start:
/// it runs inside <see cref="Migrator.MigrateAsync"/> while the migration lock is held, on its own connection.
/// </summary>
public interface IMigrationStep
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>One embedded migration script, named <c>NNNN_description.sql</c>.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    public static IReadOnlyList<MigrationScript> Load(string folder)
    {
        var assembly = typeof(MigrationScript).Assembly;
        return assembly.GetManifestResourceNames()
            .Select(resource => resource.Replace('\\', '/'))
            .Where(resource => resource.StartsWith(folder + "/", StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource => Read(assembly, resource, folder))
            .OrderBy(script => script.Version)
            .ToList();
    }

    private static MigrationScript Read(Assembly assembly, string resource, string folder)
    {
        var fileName = Path.GetFileNameWithoutExtension(resource[(folder.Length + 1)..]);
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..separator], CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? assembly.GetManifestResourceStream(resource.Replace('/', '\\'))
            ?? throw new InvalidOperationException($"Migration resource {resource} is missing");
        using var reader = new StreamReader(stream);
        return new MigrationScript(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
