using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Data.Tests.Delivery;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Inbound;

/// <summary>The inbound-work table and its drainer: stored once per platform request, run after the ack, never lost.</summary>
public sealed class InboundWorkTests : StoreTest
{
    private static InboundWorkSettings Settings(string worker = "w1") => new()
    {
        WorkerId = worker,
        BatchSize = 4,
        Lease = TimeSpan.FromMinutes(1),
        MaxAttempts = 3,
        BaseRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetryDelay = TimeSpan.FromMinutes(1),
    };

    private static InboundWork Work(string payload, string? dedupKey = null) => new()
    {
        Kind = "test.echo",
        WorkspaceId = "playground",
        Payload = payload,
        DedupKey = dedupKey,
        CreatedAt = Seed.Now,
        NextAttemptAt = Seed.Now,
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_platform_retry_with_the_same_dedup_key_is_stored_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var first = await InSession(db, s => s.InboundWork.AddAsync(Work("hello", "slack:event:Ev1"), Ct));
        var retries = new List<long?>();
        for (var retry = 1; retry <= 3; retry++)
        {
            retries.Add(await InSession(db, s => s.InboundWork.AddAsync(Work("hello", "slack:event:Ev1"), Ct)));
        }

        var withoutKey = await InSession(db, s => s.InboundWork.AddAsync(Work("a"), Ct));
        var withoutKeyAgain = await InSession(db, s => s.InboundWork.AddAsync(Work("a"), Ct));

        Assert.NotNull(first);
        Assert.All(retries, Assert.Null);
        Assert.NotEqual(withoutKey, withoutKeyAgain);
        Assert.Equal(3, await InSession(db, s => s.InboundWork.CountAsync(InboundWorkState.Pending, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_runs_after_storing_and_its_messages_are_queued_with_the_done_mark(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var id = await InSession(db, s => s.InboundWork.AddAsync(Work("hi"), Ct));
        var handler = new EchoHandler(time);
        var drainer = new InboundWorkDrainer(db.Store, [handler], Settings(), time, new FixedRandom(0.5));

        var report = await drainer.DrainOnceAsync(Ct, Ct);
        var again = await drainer.DrainOnceAsync(Ct, Ct);

        Assert.Equal((1, 1, 0), (report.Claimed, report.Done, again.Claimed));
        var row = await InSession(db, s => s.InboundWork.GetAsync(id!.Value, Ct));
        Assert.Equal((InboundWorkState.Done, 1), (row!.State, row.Attempts));
        var reply = await InSession(db, s => s.Outbox.FindByDedupKeyAsync($"inbound:{id}:reply", Ct));
        Assert.Equal("echo: hi", reply!.Message.Summary);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_failing_run_backs_off_and_after_max_attempts_is_kept_as_failed_and_reported(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var id = await InSession(db, s => s.InboundWork.AddAsync(Work("boom"), Ct));
        var drainer = new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings(), time, new FixedRandom(0.5));
        var poisoned = new List<(InboundWork Work, string Error)>();
        drainer.Poisoned += (work, error) => poisoned.Add((work, error));

        var runTimes = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            var row = await InSession(db, s => s.InboundWork.GetAsync(id!.Value, Ct));
            time.SetUtcNow(row!.NextAttemptAt);
            runTimes.Add(time.GetUtcNow());
            await drainer.DrainOnceAsync(Ct, Ct);
        }

        var final = await InSession(db, s => s.InboundWork.GetAsync(id!.Value, Ct));
        // Equal jitter with random 0.5: 3/4 of 2 s, then 3/4 of 4 s.
        Assert.Equal([TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)], runTimes.Zip(runTimes.Skip(1), (a, b) => b - a));
        Assert.Equal((InboundWorkState.Failed, 3, "InvalidOperationException: boom"), (final!.State, final.Attempts, final.LastError));
        Assert.Equal(id, Assert.Single(poisoned).Work.Id);
        Assert.Equal(0, await InSession(db, s => s.InboundWork.CountAsync(InboundWorkState.Pending, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_of_a_dead_worker_runs_again_after_its_lease_and_work_handed_back_at_shutdown_at_once_uncounted(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var dead = await InSession(db, s => s.InboundWork.AddAsync(Work("dead"), Ct));
        Assert.Single(await InSession(db, s => s.InboundWork.ClaimDueAsync("dead-worker", Seed.Now, TimeSpan.FromMinutes(1), 10, Ct)));
        var handedBack = await InSession(db, s => s.InboundWork.AddAsync(Work("stopping"), Ct));
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        var stopping = new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings("stopping-worker"), time, new FixedRandom(0.5));

        // A worker that is stopping runs nothing it has not started.
        Assert.Equal(0, (await stopping.DrainOnceAsync(stopped.Token, Ct)).Claimed);
        Assert.Single(await InSession(db, s => s.InboundWork.ClaimDueAsync("stopping-worker", Seed.Now, TimeSpan.FromMinutes(1), 10, Ct)));
        Assert.True(await InSession(db, s => s.InboundWork.ReleaseAsync(handedBack!.Value, "stopping-worker", Ct)));

        var live = new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings("live"), time, new FixedRandom(0.5));
        var beforeLeaseEnds = await live.DrainOnceAsync(Ct, Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var afterLeaseEnds = await live.DrainOnceAsync(Ct, Ct);

        Assert.Equal((1, 1), (beforeLeaseEnds.Claimed, beforeLeaseEnds.Done));
        Assert.Equal((1, 1), (afterLeaseEnds.Claimed, afterLeaseEnds.Done));
        Assert.Equal(1, (await InSession(db, s => s.InboundWork.GetAsync(handedBack!.Value, Ct)))!.Attempts);
        Assert.Equal(2, (await InSession(db, s => s.InboundWork.GetAsync(dead!.Value, Ct)))!.Attempts);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_run_cut_off_by_the_end_of_the_shutdown_grace_is_handed_back_not_failed(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var id = await InSession(db, s => s.InboundWork.AddAsync(Work("slow"), Ct));
        using var abort = new CancellationTokenSource();
        var drainer = new InboundWorkDrainer(db.Store, [new EchoHandler(time, abort)], Settings(), time, new FixedRandom(0.5));

        var report = await drainer.DrainOnceAsync(Ct, abort.Token);

        Assert.Equal(1, report.Released);
        var row = await InSession(db, s => s.InboundWork.GetAsync(id!.Value, Ct));
        Assert.Equal((InboundWorkState.Pending, 0, Seed.Now), (row!.State, row.Attempts, row.NextAttemptAt));
        Assert.Single(await InSession(db, s => s.InboundWork.ClaimDueAsync("next", Seed.Now, TimeSpan.FromMinutes(1), 10, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Done_rows_are_pruned_after_the_dedup_window_and_others_are_kept(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, s => s.InboundWork.AddAsync(Work("old", "k1"), Ct));
        await new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings(), time, new FixedRandom(0.5)).DrainOnceAsync(Ct, Ct);
        await InSession(db, s => s.InboundWork.AddAsync(Work("pending", "k2"), Ct));

        var early = await InSession(db, s => s.InboundWork.PruneDoneAsync(Seed.Now.AddHours(-1), Ct));
        var pruned = await InSession(db, s => s.InboundWork.PruneDoneAsync(Seed.Now.AddDays(1), Ct));

        Assert.Equal((0, 1), (early, pruned));
        Assert.Equal(1, await InSession(db, s => s.InboundWork.CountAsync(InboundWorkState.Pending, Ct)));
        Assert.NotNull(await InSession(db, s => s.InboundWork.AddAsync(Work("old", "k1"), Ct)));
    }

    /// <summary>Replies "echo: payload"; "boom" throws; "slow" waits until the grace period is cut off.</summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_claimed_by_its_request_is_not_run_by_the_drainer_until_its_lease_expires(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var id = (await InSession(db, s => s.InboundWork.AddAsync(Work("card action", "teams:activity:A1"), Ct)))!.Value;
        var claimed = await InSession(db, s => s.InboundWork.ClaimAsync(id, "request", Seed.Now, TimeSpan.FromMinutes(1), Ct));
        var claimedTwice = await InSession(db, s => s.InboundWork.ClaimAsync(id, "another request", Seed.Now, TimeSpan.FromMinutes(1), Ct));
        var drainer = new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings(), time, new FixedRandom(0.5));

        var whileLeased = await drainer.DrainOnceAsync(Ct, Ct);
        time.Advance(TimeSpan.FromMinutes(2));
        var afterTheRequestDied = await drainer.DrainOnceAsync(Ct, Ct);

        Assert.Equal((true, false), (claimed, claimedTwice));
        Assert.Equal((0, 1), (whileLeased.Claimed, afterTheRequestDied.Done));
        Assert.Equal(InboundWorkState.Done, (await InSession(db, s => s.InboundWork.GetAsync(id, Ct)))!.State);
        Assert.False(await InSession(db, s => s.InboundWork.ClaimAsync(id, "late", Seed.Now.AddHours(1), TimeSpan.FromMinutes(1), Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Work_claimed_and_finished_by_its_request_is_done_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var id = (await InSession(db, s => s.InboundWork.AddAsync(Work("card action"), Ct)))!.Value;
        await InSession(db, s => s.InboundWork.ClaimAsync(id, "request", Seed.Now, TimeSpan.FromMinutes(1), Ct));
        var done = await InSession(db, s => s.InboundWork.MarkDoneAsync(id, "request", Seed.Now, Ct));
        time.Advance(TimeSpan.FromMinutes(2));

        var report = await new InboundWorkDrainer(db.Store, [new EchoHandler(time)], Settings(), time, new FixedRandom(0.5)).DrainOnceAsync(Ct, Ct);

        Assert.True(done);
        Assert.Equal(0, report.Claimed);
        Assert.Equal(1, (await InSession(db, s => s.InboundWork.GetAsync(id, Ct)))!.Attempts);
    }

    private sealed class EchoHandler(TimeProvider time, CancellationTokenSource? cutOff = null) : IInboundWorkHandler
    {
        public bool Handles(string kind) => kind == "test.echo";

        public async Task<InboundWorkResult> RunAsync(InboundWork work, CancellationToken cancellationToken)
        {
            switch (work.Payload)
            {
                case "boom":
                    throw new InvalidOperationException("boom");
                case "slow":
                    await cutOff!.CancelAsync();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    break;
            }

            return new InboundWorkResult([OutboxMessage.DirectMessageTo(
                "playground:ada", new ChatMessage("echo", $"echo: {work.Payload}", [new TextBlock(work.Payload)]), $"inbound:{work.Id}:reply", null, time.GetUtcNow())]);
        }
    }
}
