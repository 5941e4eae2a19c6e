using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

/// <summary>
/// The outbox's promises under contention (see Core/Delivery/README.md): attempts count only real sends, a row is sent
/// only by the worker that still holds it, and one worker at a time sends for a workspace.
/// </summary>
public sealed class OutboxHonestyTests : StoreTest
{
    private static OutboxDrainerSettings Settings(string worker, int batch = 10, int maxAttempts = 2, int workspaces = 32, TimeSpan? turn = null) => new()
    {
        WorkerId = worker,
        Turn = turn ?? new OutboxDrainerSettings().Turn,
        BatchSize = batch,
        Workspaces = workspaces,
        Lease = TimeSpan.FromMinutes(2),
        MaxAttempts = maxAttempts,
        BaseRetryDelay = TimeSpan.FromSeconds(10),
        MaxRetryDelay = TimeSpan.FromMinutes(5),
    };

    private static OutboxMessage Message(string key, string address) => new()
    {
        WorkspaceId = Destination.DirectMessage(address).WorkspaceId,
        Destination = Destination.DirectMessage(address),
        Message = new ChatMessage("checkin.prompt", $"Prompt {key}", [new TextBlock("How is it going?")]),
        DedupKey = key,
        CreatedAt = Seed.Now,
        NextAttemptAt = Seed.Now,
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Rate_limits_and_rows_put_back_unsent_spend_no_attempt_so_one_real_failure_does_not_give_up(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 3; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"m{i}", $"slack:T1:U{i}"), Ct);
            }
        });
        var answers = new Queue<DeliveryResult>(Enumerable.Repeat(DeliveryResult.RateLimited(TimeSpan.FromSeconds(5)), 6).Append(DeliveryResult.Transient("HTTP 500")));
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => answers.Count > 0 ? answers.Dequeue() : DeliveryResult.Delivered("ts"));
        var drainer = new OutboxDrainer(db.Store, [platform], Settings("a"), time, new FixedRandom(0.5));

        // Six rounds of 429 (each round: one call, the other two rows put back unsent), then one real 500, then success.
        for (var round = 0; round < 12; round++)
        {
            await drainer.DrainOnceAsync(Ct);
            time.Advance(TimeSpan.FromSeconds(20));
        }

        var rows = await InSession(db, async s => new[]
        {
            await s.Outbox.FindByDedupKeyAsync("m0", Ct), await s.Outbox.FindByDedupKeyAsync("m1", Ct), await s.Outbox.FindByDedupKeyAsync("m2", Ct),
        });
        Assert.All(rows, row => Assert.Equal(OutboxState.Delivered, row!.State));
        // MaxAttempts is 2: with every claim counted, the 429s alone would have given these up. Only real sends count.
        Assert.Equal(3 + 1, rows.Sum(row => row!.Attempts));
        Assert.Equal(6 + 1 + 3, platform.Sent.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_worker_that_lost_a_rows_lease_mid_batch_does_not_send_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 3; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"m{i}", $"playground:u{i}"), Ct);
            }
        });
        IReadOnlyList<OutboxMessage> takenByB = [];
        var platform = new ScriptedPlatform(ChatPlatform.Playground, sent =>
        {
            if (takenByB.Count == 0)
            {
                // The first send hangs past the lease; meanwhile worker B finds the rest of the batch due and takes it.
                time.Advance(TimeSpan.FromMinutes(3));
                takenByB = Claim(db, "b", time.GetUtcNow());
            }

            return DeliveryResult.Delivered("ok");
        });
        var drainer = new OutboxDrainer(db.Store, [platform], Settings("a"), time, new FixedRandom(0.5));

        // The clock jumps past the pass's end during the send: the pass returns while the workspace is still sending, and
        // the next one reports the rest.
        var report = await OutboxDrainerTests.UntilNothingSendsAsync(drainer);

        Assert.Equal((3, 1, 2), (report.Claimed, report.Delivered, report.Skipped));
        Assert.Equal(["playground:u0"], platform.Sent.Select(s => s.Destination.Address));
        Assert.Equal(["m0", "m1", "m2"], takenByB.Select(m => m.DedupKey)); // m0 too: it is still pending while in flight, but already delivered when b would send it
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task One_worker_at_a_time_sends_for_a_workspace_until_its_lease_ends_or_it_hands_over(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 4; i++)
            {
                // Due before T2's, so a worker sending for one workspace at a time picks T1.
                await s.Outbox.EnqueueAsync(Message($"t1-{i}", $"slack:T1:U{i}") with { NextAttemptAt = Seed.Now.AddSeconds(-1) }, Ct);
            }

            for (var i = 0; i < 2; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"t2-{i}", $"slack:T2:U{i}"), Ct);
            }
        });
        var sentBy = new List<(string Worker, string Address)>();
        ScriptedPlatform PlatformOf(string worker) => new(ChatPlatform.Slack, sent =>
        {
            sentBy.Add((worker, sent.Destination.Address));
            return DeliveryResult.Delivered("ts");
        });
        // No turn: a sends one batch and stops, still holding T1 (with a turn it would claim T1's next rows itself).
        var a = new OutboxDrainer(db.Store, [PlatformOf("a")], Settings("a", batch: 2, workspaces: 1, turn: TimeSpan.Zero), time, new FixedRandom(0.5));
        var b = new OutboxDrainer(db.Store, [PlatformOf("b")], Settings("b", batch: 10), time, new FixedRandom(0.5));

        await a.DrainOnceAsync(Ct); // a sends two of T1's messages and holds T1's send lease
        await b.DrainOnceAsync(Ct); // b may only send T2's
        var whileAHolds = sentBy.ToList();
        await a.ReleaseSendLeasesAsync(); // a stops: T1 is free after the hand-over pause
        await b.DrainOnceAsync(Ct);
        var duringHandOver = sentBy.Count;
        time.Advance(OutboxDrainer.SendLeaseHandOver);
        await b.DrainOnceAsync(Ct);

        Assert.Equal(
            [("a", "slack:T1:U0"), ("a", "slack:T1:U1"), ("b", "slack:T2:U0"), ("b", "slack:T2:U1")],
            whileAHolds);
        Assert.Equal(4, duringHandOver);
        Assert.Equal([("b", "slack:T1:U2"), ("b", "slack:T1:U3")], sentBy.Skip(4));
    }

    private static IReadOnlyList<OutboxMessage> Claim(TestDatabase db, string worker, DateTimeOffset now) =>
        Task.Run(async () =>
        {
            await using var session = await db.Store.BeginAsync(CancellationToken.None);
            var rows = await session.Outbox.ClaimDueAsync(worker, now, TimeSpan.FromMinutes(2), 10, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
            return rows;
        }).GetAwaiter().GetResult();
}
