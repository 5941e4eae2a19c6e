using System.Data.Common;
using System.Globalization;
using System.Text;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Every row of every table, as text, in one round trip: cheap enough to take after each of thousands of
/// commands, and exact enough that any insert, update or delete shows.
/// </summary>
public static class StoreFingerprint
{
    private static readonly string[] Tables =
    [
        "workspaces", "people", "leave_periods", "programs", "program_roles", "program_channels", "teams", "team_members",
        "checkin_schedules", "skipped_weeks", "checkin_cycles", "cycle_members", "answers", "answer_revisions", "blockers",
        "milestones", "dependencies", "eta_changes", "risks", "decisions", "outbox", "audit_entries",
    ];

    private static readonly string Sql = string.Join(";\n", Tables.Select(table => $"select * from {table} order by 1, 2, 3"));

    /// <param name="extraTables">Tables beyond the bot's own (inbound work, adapter tables), ordered by their first column.</param>
    public static async Task<string> TakeAsync(TestDatabase database, IReadOnlyList<string>? extraTables = null)
    {
        extraTables ??= [];
        var tables = Tables.Concat(extraTables).ToArray();
        await using var connection = await database.Dialect.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = extraTables.Count == 0 ? Sql : Sql + ";\n" + string.Join(";\n", extraTables.Select(table => $"select * from {table} order by 1"));
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        var table = 0;
        do
        {
            text.Append('[').Append(tables[table++]).Append(']');
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }
        while (await reader.NextResultAsync());

        return text.ToString();
    }
}
