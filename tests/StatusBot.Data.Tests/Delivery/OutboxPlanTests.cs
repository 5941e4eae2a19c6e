using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Data.Delivery;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

/// <summary>
/// PostgreSQL's plans of the outbox's by-id statements on the statistics a Monday round meets: the outbox analysed while
/// nothing was pending, then a round queued into it. Planned on those statistics, a statement that PostgreSQL could serve
/// with the partial indexes on <c>state = 'Pending'</c> scanned every pending row instead of looking its ids up.
/// </summary>
public sealed class OutboxPlanTests : StoreTest
{
    [Fact]
    public async Task Rows_are_looked_up_by_id_when_the_statistics_were_taken_before_a_round_was_queued()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Postgres);
        var earlier = Enumerable.Range(0, 20).Select(i => Prompt($"earlier-{i}")).ToList();
        await InSession(db, async s =>
        {
            await s.Outbox.EnqueueManyAsync(earlier, Ct);
            foreach (var row in earlier)
            {
                var stored = await s.Outbox.FindByDedupKeyAsync(row.DedupKey, Ct);
                await s.Outbox.MarkDeliveredAsync(stored!.Id, Seed.Now, "ts", Ct);
            }
        });
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync(Ct);
        // Statistics with nothing pending, kept as they are while the round is queued.
        await connection.ExecuteAsync("alter table outbox set (autovacuum_enabled = false); analyze outbox");
        await InSession(db, s => s.Outbox.EnqueueManyAsync([.. Enumerable.Range(0, 5_000).Select(i => Prompt($"round-{i}"))], Ct));

        var record = await PlanAsync(connection, OutboxRepository.RecordDeliveriesSql, new
        {
            ids = new long[] { 21, 22 },
            messageIds = new[] { "ts", "ts" },
            nextIds = new long[] { 23, 24 },
            workers = new[] { "a", "a" },
            now = Seed.Now,
            nextUntil = Seed.Now.AddMinutes(2),
        });
        var renewal = await PlanAsync(connection, OutboxRepository.RenewLeaseSql, new { id = 25L, workerId = "a", until = Seed.Now.AddMinutes(2), pending = "Pending" });

        Assert.All([record, renewal], plan =>
        {
            Assert.Contains("outbox_pkey", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("outbox_due", plan, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_walk_of_the_pending_workspaces_reads_one_entry_per_step_when_the_statistics_were_taken_before_a_round_was_queued()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Postgres);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync(Ct);

        // Last week's round, delivered, and statistics taken then; this week's round of 20,000 prompts over 200 workspaces.
        await InSession(db, s => s.Outbox.EnqueueManyAsync([.. Enumerable.Range(0, 4_000).Select(i => Prompt($"last-{i}", workspace: i % 200))], Ct));
        await connection.ExecuteAsync("update outbox set state = 'Delivered'");
        await connection.ExecuteAsync("alter table outbox set (autovacuum_enabled = false)");
        await connection.ExecuteAsync("vacuum analyze outbox");
        await InSession(db, s => s.Outbox.EnqueueManyAsync([.. Enumerable.Range(0, 20_000).Select(i => Prompt($"round-{i}", workspace: i % 200))], Ct));

        var plan = await PlanAsync(
            connection, OutboxRepository.ListClaimableWorkspacesSql, new { workerId = "a", now = Seed.Now.AddMinutes(1), max = 16 }, analyze: true);

        // Each step of the walk (and each workspace's oldest row) is one index entry; the plan the statistics misled read
        // every pending row at each step (rows=20000, then about 10,000 for each of the 200 steps).
        var read = Regex.Matches(plan, @"Scan using (\S+) on outbox\b[^\n]*actual time=\S+ rows=(\d+)");
        Assert.NotEmpty(read);
        Assert.All(read, scan => Assert.True(
            scan.Groups[1].Value == "outbox_due_by_workspace" && int.Parse(scan.Groups[2].Value, CultureInfo.InvariantCulture) <= 1,
            $"read {scan.Groups[2].Value} rows of {scan.Groups[1].Value} in one step:\n{plan}"));
    }

    private static OutboxMessage Prompt(string key, int workspace = 1) => OutboxMessage.DirectMessageTo(
        $"slack:T{workspace}:U{key}", new ChatMessage("checkin.prompt", "Weekly check-in", [new TextBlock("How is it going?")]), key, null, Seed.Now);

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, object parameters, bool analyze = false) =>
        string.Join('\n', await connection.QueryAsync<string>((analyze ? "explain analyze " : "explain ") + sql, parameters));
}
