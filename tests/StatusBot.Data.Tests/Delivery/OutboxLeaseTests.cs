using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

public sealed class OutboxLeaseTests : StoreTest
{
    private static OutboxMessage Message(string key, DateTimeOffset due) => new()
    {
        WorkspaceId = "slack:T1",
        Destination = Destination.DirectMessage("slack:T1:U1"),
        Message = new ChatMessage("checkin.prompt", key, [new TextBlock(key)]),
        DedupKey = key,
        CreatedAt = Seed.Now,
        NextAttemptAt = due,
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Workers_lease_disjoint_due_rows_in_due_order(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"m{i}", Seed.Now.AddSeconds(-i)), Ct);
            }

            await s.Outbox.EnqueueAsync(Message("future", Seed.Now.AddMinutes(1)), Ct);
        });

        var a = await InSession(db, s => s.Outbox.ClaimDueAsync("a", Seed.Now, TimeSpan.FromMinutes(1), 3, Ct));
        var b = await InSession(db, s => s.Outbox.ClaimDueAsync("b", Seed.Now, TimeSpan.FromMinutes(1), 3, Ct));
        var c = await InSession(db, s => s.Outbox.ClaimDueAsync("c", Seed.Now, TimeSpan.FromMinutes(1), 3, Ct));

        Assert.Equal(["m4", "m3", "m2"], a.Select(m => m.DedupKey));
        Assert.Equal(["m1", "m0"], b.Select(m => m.DedupKey));
        Assert.Empty(c);
        Assert.All(a.Concat(b), m => Assert.Equal(0, m.Attempts)); // a claim is not an attempt: only a send is
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_claims_never_hand_one_row_to_two_workers(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 60; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"m{i}", Seed.Now), Ct);
            }
        });

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (true)
            {
                IReadOnlyList<OutboxMessage> batch;
                try
                {
                    batch = await InSession(db, s => s.Outbox.ClaimDueAsync($"w{worker}", Seed.Now, TimeSpan.FromMinutes(1), 4, Ct));
                }
                catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
                {
                    continue; // SQLite busy: another writer holds the file; try again
                }

                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(m => m.DedupKey));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_expired_lease_makes_the_row_due_again_and_only_its_holder_can_reschedule_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, s => s.Outbox.EnqueueAsync(Message("m", Seed.Now), Ct));
        var lease = TimeSpan.FromMinutes(2);

        var first = Assert.Single(await InSession(db, s => s.Outbox.ClaimDueAsync("dead-worker", Seed.Now, lease, 10, Ct)));
        var during = await InSession(db, s => s.Outbox.ClaimDueAsync("other", Seed.Now.AddMinutes(1), lease, 10, Ct));
        var after = Assert.Single(await InSession(db, s => s.Outbox.ClaimDueAsync("other", Seed.Now + lease, lease, 10, Ct)));
        var staleReschedule = await InSession(db, s => s.Outbox.RescheduleAsync(first.Id, "dead-worker", Seed.Now.AddHours(1), "late", Ct));
        var delivered = await InSession(db, s => s.Outbox.MarkDeliveredAsync(after.Id, Seed.Now.AddMinutes(3), "ts", Ct));
        var deliveredAgain = await InSession(db, s => s.Outbox.MarkDeliveredAsync(after.Id, Seed.Now.AddMinutes(4), "ts2", Ct));

        Assert.Empty(during);
        Assert.Equal(0, after.Attempts);
        Assert.False(staleReschedule);
        Assert.True(delivered);
        Assert.False(deliveredAgain);
        var row = await InSession(db, s => s.Outbox.GetAsync(first.Id, Ct));
        Assert.Equal((OutboxState.Delivered, "ts", Seed.Now.AddMinutes(3)), (row!.State, row.PlatformMessageId, row.DeliveredAt!.Value));
        Assert.Equal(1, await InSession(db, s => s.Outbox.CountAsync(OutboxState.Delivered, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Many_deliveries_are_recorded_at_once_and_each_next_row_is_re_checked_for_its_own_worker(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 6; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"m{i}", Seed.Now.AddSeconds(i)), Ct);
            }
        });
        var lease = TimeSpan.FromMinutes(2);
        var a = await InSession(db, s => s.Outbox.ClaimDueAsync("a", Seed.Now.AddMinutes(1), lease, 4, Ct));
        var b = await InSession(db, s => s.Outbox.ClaimDueAsync("b", Seed.Now.AddMinutes(1), lease, 2, Ct));
        var recordedAt = Seed.Now.AddMinutes(2);

        // a sent its first and third rows; b sent its first (its next is a's: not b's to send) and its last (no next).
        var held = await InSession(db, s => s.Outbox.MarkDeliveredManyAsync(
            [
                new DeliveryRecord(a[0].Id, "C1:1", a[1].Id, "a"),
                new DeliveryRecord(a[2].Id, "C1:3", a[3].Id, "a"),
                new DeliveryRecord(b[0].Id, "C1:5", a[1].Id, "b"),
                new DeliveryRecord(b[1].Id, null, null, "b"),
            ],
            recordedAt,
            recordedAt + lease,
            Ct));
        var again = await InSession(db, s => s.Outbox.MarkDeliveredManyAsync(
            [new DeliveryRecord(a[0].Id, "C1:late", null, "a")], recordedAt.AddMinutes(1), recordedAt.AddMinutes(3), Ct));

        Assert.Equal([a[1].Id, a[3].Id], held.Order());
        Assert.Empty(again);
        var rows = await Task.WhenAll(a.Concat(b).Select(m => InSession(db, s => s.Outbox.GetAsync(m.Id, Ct))));
        (OutboxState, string?, DateTimeOffset?, int)[] expected =
        [
            (OutboxState.Delivered, "C1:1", recordedAt, 1), (OutboxState.Pending, null, null, 0),
            (OutboxState.Delivered, "C1:3", recordedAt, 1), (OutboxState.Pending, null, null, 0),
            (OutboxState.Delivered, "C1:5", recordedAt, 1), (OutboxState.Delivered, null, recordedAt, 1),
        ];
        Assert.Equal(expected, rows.Select(row => (row!.State, row.PlatformMessageId, row.DeliveredAt, row.Attempts)));
        // The re-checked rows stay leased past the claim's lease: nobody else may claim them before it runs out.
        Assert.Empty(await InSession(db, s => s.Outbox.ClaimDueAsync("c", Seed.Now.AddMinutes(1) + lease, lease, 10, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task One_claim_leases_each_workspaces_next_rows_to_that_workspaces_own_worker(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            foreach (var workspace in new[] { "slack:T1", "slack:T2", "slack:T3" })
            {
                for (var i = 0; i < 3; i++)
                {
                    await s.Outbox.EnqueueAsync(Message($"{workspace}:m{i}", Seed.Now.AddSeconds(i)) with { WorkspaceId = workspace }, Ct);
                }
            }
        });
        var lease = TimeSpan.FromMinutes(2);

        var claimed = await InSession(db, s => s.Outbox.ClaimDueOfWorkspacesAsync(
            [new WorkspaceClaim("slack:T1", "a"), new WorkspaceClaim("slack:T2", "b")], Seed.Now.AddMinutes(1), lease, 2, Ct));

        Assert.Equal(["slack:T1:m0", "slack:T1:m1", "slack:T2:m0", "slack:T2:m1"], claimed.Select(m => m.DedupKey).Order());
        // Each row is its claim's worker's: only a can re-check T1's, only b T2's.
        var t1 = claimed.First(m => m.WorkspaceId == "slack:T1");
        var t2 = claimed.First(m => m.WorkspaceId == "slack:T2");
        Assert.Equal(
            (true, false, true, false),
            (await InSession(db, s => s.Outbox.RenewLeaseAsync(t1.Id, "a", Seed.Now.AddMinutes(2), Ct)),
             await InSession(db, s => s.Outbox.RenewLeaseAsync(t1.Id, "b", Seed.Now.AddMinutes(2), Ct)),
             await InSession(db, s => s.Outbox.RenewLeaseAsync(t2.Id, "b", Seed.Now.AddMinutes(2), Ct)),
             await InSession(db, s => s.Outbox.RenewLeaseAsync(t2.Id, "a", Seed.Now.AddMinutes(2), Ct))));
        // What was not claimed is still due: T1's and T2's third rows and all of T3's.
        Assert.Equal(5, (await InSession(db, s => s.Outbox.ClaimDueAsync("c", Seed.Now.AddMinutes(1), lease, 100, Ct))).Count);
    }

    [Fact]
    public async Task A_claim_skips_a_workspace_another_workers_claim_is_taking_instead_of_waiting_for_it()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Postgres);
        await InSession(db, async s =>
        {
            await s.Outbox.HoldSendLeasesAsync(["slack:T1", "slack:T2"], "old", Seed.Now.AddMinutes(-10), Seed.Now.AddMinutes(-5), Ct);
        });

        // Worker A is in the middle of its claim: it has taken T1's lease row and not committed yet.
        await using var a = await db.Store.BeginAsync(Ct);
        Assert.Equal(["slack:T1"], await a.Outbox.HoldSendLeasesAsync(["slack:T1"], "a", Seed.Now, Seed.Now.AddMinutes(2), Ct));

        // Worker B asks for both at the same moment: it gets T2 at once and leaves T1 to A.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var b = await InSession(db, s => s.Outbox.HoldSendLeasesAsync(["slack:T1", "slack:T2", "slack:T3"], "b", Seed.Now, Seed.Now.AddMinutes(2), Ct))
            .WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"B waited {started.Elapsed} for A's claim");
        Assert.Equal(["slack:T2", "slack:T3"], b.Order());

        await a.CommitAsync(Ct);
        Assert.Empty(await InSession(db, s => s.Outbox.HoldSendLeasesAsync(["slack:T1"], "b", Seed.Now, Seed.Now.AddMinutes(2), Ct)));
    }
}

