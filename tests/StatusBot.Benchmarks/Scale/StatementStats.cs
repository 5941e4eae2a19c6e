using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Scale;

/// <summary>
/// The server's statement statistics for one phase of a run, where <c>pg_stat_statements</c> is installed (in the public
/// schema): reset when the phase starts, then the statements by total execution time. Absent, the run reports without them.
/// </summary>
internal static partial class StatementStats
{
    public static async Task<bool> ResetAsync(TestDatabase database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.ExecuteAsync("select public.pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    public static async Task<IReadOnlyList<Statement>> TopAsync(TestDatabase database, int limit)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var rows = await connection.QueryAsync<(string Query, long Calls, double TotalMs)>(
            """
            select query, calls, total_exec_time + total_plan_time from public.pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
            order by 3 desc limit @limit
            """,
            new { limit });
        return [.. rows.Select(row => new Statement(Shorten(row.Query), row.Calls, row.TotalMs))];
    }

    private static string Shorten(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim();
        return flat.Length <= 150 ? flat : flat[..150] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    internal sealed record Statement(string Query, long Calls, double TotalMs);
}
