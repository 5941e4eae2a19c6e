using Npgsql;
using Xunit;

namespace StatusBot.Testing;

/// <summary>
/// The PostgreSQL server the tests use: <c>STATUSBOT_TEST_POSTGRES</c> (a connection string), set by
/// <c>scripts/test.sh</c> when it starts its throwaway cluster. Without it, PostgreSQL tests are skipped
/// with a visible reason, unless <c>STATUSBOT_REQUIRE_POSTGRES=1</c> (CI), in which case they fail.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "STATUSBOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Required => Environment.GetEnvironmentVariable("STATUSBOT_REQUIRE_POSTGRES") == "1";

    /// <summary>Returns the server's connection string, or skips (or fails, when required) the current test.</summary>
    public static string RequireConnectionString()
    {
        if (ConnectionString is { } connectionString)
        {
            return connectionString;
        }

        if (Required)
        {
            Assert.Fail($"STATUSBOT_REQUIRE_POSTGRES=1 but {Variable} is not set; run the tests through scripts/test.sh.");
        }

        Assert.Skip($"PostgreSQL not available: set {Variable} or install PostgreSQL and run scripts/test.sh.");
        return null!;
    }

    /// <summary>Creates an empty schema and returns a connection string whose search path points at it.</summary>
    public static async Task<(string ConnectionString, string Schema)> CreateSchemaAsync()
    {
        var server = RequireConnectionString();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create schema {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
        return (builder.ToString(), schema);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(RequireConnectionString());
        await connection.OpenAsync();
        // The scheduler keeps Hangfire's tables in "<schema>_hangfire" (Scheduling:PostgresSchema's default for a search path).
        await using var command = new NpgsqlCommand($"drop schema if exists {schema} cascade; drop schema if exists {schema}_hangfire cascade", connection);
        await command.ExecuteNonQueryAsync();
    }
}
