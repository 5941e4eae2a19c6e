using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Operations;

/// <summary>
/// The README's backup and restore steps, run as an operator would: a backup taken while the host runs holds what was
/// committed before it, a host started on the restored copy serves it and plans its teams' check-ins again, and what
/// was written after the backup is not in it.
/// </summary>
public sealed class BackupRestoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sqlite_backup_taken_with_vacuum_into_while_the_host_runs_restores_programs_teams_and_their_schedule()
    {
        var file = CheckInHost.NewDatabaseFile();
        var backup = Path.Combine(Path.GetDirectoryName(file)!, "backup.db");
        long teamId;
        await using (var app = await CheckInHost.StartAsync(file))
        {
            teamId = await SeedAsync(app, "Apollo");

            // The README's command, on the live file (WAL mode: readers and the copy do not stop the host).
            await using (var connection = new SqliteConnection($"Data Source={file}"))
            {
                await connection.OpenAsync(Ct);
                await using var command = connection.CreateCommand();
                command.CommandText = $"vacuum into '{backup}'";
                await command.ExecuteNonQueryAsync(Ct);
            }

            await SeedAsync(app, "Written after the backup");
            await app.StopAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        await using var restored = await CheckInHost.StartAsync(backup);
        Assert.Equal(["Apollo"], await ProgramNamesAsync(restored));
        Assert.NotNull(await restored.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct));
        await restored.StopAsync(Ct);
    }

    [Fact]
    public async Task A_postgres_backup_taken_with_pg_dump_restores_with_pg_restore_after_the_schemas_are_lost()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        var dump = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".dump");
        Directory.CreateDirectory(Path.GetDirectoryName(dump)!);
        try
        {
            long teamId;
            await using (var app = await CheckInHost.StartAsync(StoreKind.Postgres, connectionString))
            {
                teamId = await SeedAsync(app, "Apollo");

                // The bot's schema and the scheduler's, as the README says (a whole-database dump holds both).
                await RunAsync("pg_dump", connectionString, "--format=custom", $"--schema={schema}", $"--schema={schema}_hangfire", $"--file={dump}");
                await SeedAsync(app, "Written after the backup");
                await app.StopAsync(Ct);
            }

            await TestPostgres.DropSchemaAsync(schema);
            await RunAsync("pg_restore", connectionString, "--exit-on-error", dump);

            await using var restored = await CheckInHost.StartAsync(StoreKind.Postgres, connectionString);
            Assert.Equal(["Apollo"], await ProgramNamesAsync(restored));
            Assert.NotNull(await restored.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct));
            await restored.StopAsync(Ct);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(schema);
            File.Delete(dump);
        }
    }

    private static async Task<long> SeedAsync(WebApplication app, string programName)
    {
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        long teamId;
        await using (var session = await store.BeginAsync(Ct))
        {
            if (await session.Workspaces.GetAsync("slack:T1", Ct) is null)
            {
                await Seed.WorkspaceAsync(session);
            }

            var program = await Seed.ProgramAsync(session, programName);
            var team = await Seed.TeamAsync(session, program.Id, programName + " team");
            await session.Teams.SetScheduleAsync(
                new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now }, Ct);
            await session.CommitAsync(Ct);
            teamId = team.Id;
        }

        await app.Services.GetRequiredService<ICheckInOperations>().ScheduleChangedAsync(teamId, Ct);
        return teamId;
    }

    private static async Task<string[]> ProgramNamesAsync(WebApplication app)
    {
        await using var session = await app.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct);
        return [.. (await session.Programs.ListAsync("slack:T1", Ct)).Select(p => p.Name).Order()];
    }

    /// <summary>Runs a PostgreSQL client tool of the server's version (Debian keeps them per version) against the test server.</summary>
    private static async Task RunAsync(string tool, string connectionString, params string[] args)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var path = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
            : null;
        var start = new ProcessStartInfo(path ?? tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--host={builder.Host}");
        start.ArgumentList.Add($"--port={builder.Port}");
        start.ArgumentList.Add($"--username={builder.Username}");
        start.ArgumentList.Add($"--dbname={builder.Database}");
        if (builder.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await errors}");
    }
}
