using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// Hangfire's PostgreSQL schema is created once, under the store's migration lock, and no instance asks Hangfire to
/// prepare it: three instances started at the same moment on an empty database log no schema error (left to itself,
/// Hangfire's installer logs "Error while executing install/upgrade" with 40001/23505 before its own retry recovers).
/// </summary>
public sealed class SchedulerSchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_instances_starting_together_on_an_empty_database_log_no_schema_errors()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        var logs = new CapturingLoggerProvider();
        var nodes = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(StatusBotApp.Build(
                    [
                        "--urls", "http://127.0.0.1:0",
                        "--Storage:Provider", "Postgres",
                        "--ConnectionStrings:StatusBot", connectionString,
                        "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                        "--Logging:LogLevel:Default", "Information",
                    ],
                    builder => builder.Logging.AddProvider(logs)));
            }

            await Task.WhenAll(nodes.Select(node => node.StartAsync(Ct)));
            foreach (var node in nodes)
            {
                var readiness = node.Services.GetRequiredService<SchedulerReadiness>();
                await CheckInHost.Eventually(() => Task.FromResult(readiness.Problem is null), TimeSpan.FromSeconds(60), "every scheduler has started", () => Task.FromResult(readiness.Problem ?? "ready"));
            }

            await Task.Delay(TimeSpan.FromSeconds(2), Ct); // Hangfire's own start-up work (server registration, first polls)

            // Hangfire logs through one process-wide provider, so other tests' hosts running in parallel can show up here:
            // only this test's own hosts (StatusBot categories) and anything about installing or this schema count.
            var errors = logs.Entries.Where(e => e.Level >= LogLevel.Warning
                && (e.Category.StartsWith("StatusBot", StringComparison.Ordinal) && e.Level >= LogLevel.Error
                    || e.Message.Contains("install", StringComparison.OrdinalIgnoreCase)
                    || e.Message.Contains(schema, StringComparison.Ordinal))).ToList();
            Assert.True(errors.Count == 0, "errors logged: " + string.Join(" | ", errors.Select(e => $"{e.Category}: {e.Message}")));
            Assert.Contains(logs.Entries, e => e.Message.Contains($"Scheduler schema {schema}_hangfire is up to date", StringComparison.Ordinal));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand($"select count(*) from information_schema.tables where table_schema = '{schema}_hangfire' and table_name in ('job', 'state', 'hash', 'jobqueue', 'server', 'lock')", connection);
            Assert.Equal(6L, await command.ExecuteScalarAsync(Ct));
            await using var servers = new NpgsqlCommand($"select count(*) from {schema}_hangfire.server", connection);
            Assert.Equal(3L, await servers.ExecuteScalarAsync(Ct));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync(CancellationToken.None);
                await node.DisposeAsync();
            }

            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception.Message)));
        }
    }
}
