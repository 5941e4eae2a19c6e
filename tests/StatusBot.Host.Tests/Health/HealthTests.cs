using System.Net;
using Microsoft.Data.Sqlite;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Health;

public sealed class HealthTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static string TempSqliteFile() =>
        Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N"), "statusbot.db");

    [Fact]
    public async Task On_the_embedded_default_the_host_is_live_and_becomes_ready_with_a_new_database_file()
    {
        var file = TempSqliteFile();
        await using var host = await RunningHost.StartAsync($"ConnectionStrings:StatusBot=Data Source={file}");

        var live = await host.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var ready = await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, Within);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(file), "the SQLite file is created on first run");
    }

    [Fact]
    public async Task On_postgres_the_host_becomes_ready()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        try
        {
            await using var host = await RunningHost.StartAsync("Storage:Provider=Postgres", $"ConnectionStrings:StatusBot={connectionString}");

            var ready = await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, Within);

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task An_unreachable_postgres_keeps_the_host_live_but_not_ready_with_the_reason()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var host = await RunningHost.StartAsync(
            "Storage:Provider=Postgres", "ConnectionStrings:StatusBot=Host=127.0.0.1;Port=1;Database=statusbot;Username=statusbot;Timeout=2");

        var notReady = await host.WaitForStatusAsync("/readyz", HttpStatusCode.ServiceUnavailable, Within);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var body = await (await host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var live = await host.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("cannot reach PostgreSQL 127.0.0.1:1/statusbot", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_corrupt_sqlite_file_makes_readyz_say_so()
    {
        var file = TempSqliteFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, new string('x', 4096), TestContext.Current.CancellationToken);
        await using var host = await RunningHost.StartAsync($"ConnectionStrings:StatusBot=Data Source={file}");

        var notReady = await host.WaitForStatusAsync("/readyz", HttpStatusCode.ServiceUnavailable, Within);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var body = await (await host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        SqliteConnection.ClearAllPools();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("is not a SQLite database", body, StringComparison.Ordinal);
    }
}
