using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

public sealed class OutboxDrainerTests : StoreTest
{
    /// <summary>The drainer settings of the store-backed outbox tests (also <see cref="CheckIns.SharedPromptTests"/>).</summary>
    internal static readonly OutboxDrainerSettings Settings = new()
    {
        WorkerId = "worker-a",
        BatchSize = 10,
        Lease = TimeSpan.FromMinutes(2),
        MaxAttempts = 3,
        BaseRetryDelay = TimeSpan.FromSeconds(10),
        MaxRetryDelay = TimeSpan.FromMinutes(5),
    };

    private static OutboxMessage Message(string key, string address = "slack:T1:U1", long? programId = null) => new()
    {
        WorkspaceId = Destination.DirectMessage(address).WorkspaceId,
        Destination = Destination.DirectMessage(address),
        Message = new ChatMessage("checkin.prompt", $"Prompt {key}", [new TextBlock("How is it going?")]),
        DedupKey = key,
        ProgramId = programId,
        CreatedAt = Seed.Now,
        NextAttemptAt = Seed.Now,
    };

    private static OutboxDrainer Drainer(TestDatabase db, FakeTimeProvider time, ScriptedPlatform platform, OutboxDrainerSettings? settings = null) =>
        new(db.Store, [platform], settings ?? Settings, time, new FixedRandom(0.5));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_delivered_message_is_marked_with_the_platform_message_id_and_not_sent_again(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, s => s.Outbox.EnqueueAsync(Message("m1"), Ct));
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered("1700000000.000100"));
        var drainer = Drainer(db, time, platform);

        var first = await drainer.DrainOnceAsync(Ct);
        var second = await drainer.DrainOnceAsync(Ct);

        Assert.Equal((1, 1), (first.Claimed, first.Delivered));
        Assert.Equal(0, second.Claimed);
        var row = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("m1", Ct));
        Assert.Equal((OutboxState.Delivered, "1700000000.000100", Seed.Now, 1), (row!.State, row.PlatformMessageId, row.DeliveredAt!.Value, row.Attempts));
        Assert.Equal(["slack:T1:U1"], platform.Sent.Select(s => s.Destination.Address));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_rate_limited_workspace_waits_for_Retry_After_without_more_calls(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            await s.Outbox.EnqueueAsync(Message("a", "slack:T1:U1"), Ct);
            await s.Outbox.EnqueueAsync(Message("b", "slack:T1:U2"), Ct);
            await s.Outbox.EnqueueAsync(Message("c", "teams:tenant:aad1"), Ct);
        });
        var limited = true;
        var slack = new ScriptedPlatform(ChatPlatform.Slack, _ => limited ? DeliveryResult.RateLimited(TimeSpan.FromSeconds(30)) : DeliveryResult.Delivered("ts"));
        var teams = new ScriptedPlatform(ChatPlatform.Teams, _ => DeliveryResult.Delivered("activity-1"));
        var drainer = new OutboxDrainer(db.Store, [slack, teams], Settings, time, new FixedRandom(0.5));

        var first = await drainer.DrainOnceAsync(Ct);
        var slackCallsWhileLimited = slack.Sent.Count;
        limited = false;
        time.Advance(TimeSpan.FromSeconds(29));
        var tooEarly = await drainer.DrainOnceAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await drainer.DrainOnceAsync(Ct);

        Assert.Equal((3, 1, 2), (first.Claimed, first.Delivered, first.Retried));
        Assert.Equal(1, slackCallsWhileLimited); // the second Slack row was held back, not sent into the limit
        Assert.Equal(0, tooEarly.Claimed);
        Assert.Equal((2, 2), (after.Claimed, after.Delivered));
        Assert.Equal(3, slack.Sent.Count);
        Assert.Equal(OutboxState.Delivered, (await InSession(db, s => s.Outbox.FindByDedupKeyAsync("b", Ct)))!.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Transient_failures_back_off_exponentially_then_give_up_as_failed(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, s => s.Outbox.EnqueueAsync(Message("t"), Ct));
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Transient("HTTP 503"));
        var drainer = Drainer(db, time, platform);

        var attemptTimes = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            var row = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("t", Ct));
            time.SetUtcNow(row!.NextAttemptAt);
            attemptTimes.Add(time.GetUtcNow());
            await drainer.DrainOnceAsync(Ct);
        }

        var final = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("t", Ct));
        // Equal jitter with random 0.5: 3/4 of 10 s, then 3/4 of 20 s.
        Assert.Equal([TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15)], attemptTimes.Zip(attemptTimes.Skip(1), (a, b) => b - a));
        Assert.Equal(OutboxState.Failed, final!.State);
        Assert.Equal("gave up after 3 attempts: HTTP 503", final.FailureReason);
        Assert.Equal(3, platform.Sent.Count);
    }

    [Fact]
    public void Backoff_is_capped_and_jittered_within_half_to_full_of_the_ceiling()
    {
        var low = new OutboxDrainer(null!, [], Settings, TimeProvider.System, new FixedRandom(0));
        var high = new OutboxDrainer(null!, [], Settings, TimeProvider.System, new FixedRandom(0.999999));

        Assert.Equal(TimeSpan.FromSeconds(5), low.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(40), low.Backoff(4));
        Assert.Equal(TimeSpan.FromMinutes(2.5), low.Backoff(20));
        Assert.InRange(high.Backoff(20), TimeSpan.FromMinutes(4.99), TimeSpan.FromMinutes(5));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_permanent_failure_is_recorded_and_each_TPM_is_told_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var (programId, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var tia = await Seed.PersonAsync(s, "UTIA");
            await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tia.Id, Role = Role.Tpm }, Ct);
            await s.Outbox.EnqueueAsync(Message("gone", "slack:T1:UGONE", program.Id), Ct);
            return (program.Id, tia);
        });
        var platform = new ScriptedPlatform(ChatPlatform.Slack, m => m.Destination.Address == "slack:T1:UGONE"
            ? DeliveryResult.Permanent("user_not_found")
            : DeliveryResult.Delivered("ts"));
        var drainer = Drainer(db, time, platform);

        var first = await drainer.DrainOnceAsync(Ct);
        var second = await drainer.DrainOnceAsync(Ct);

        // The notice is due at once, in the same workspace: the pass claims it as soon as the failed message's sequence ends.
        Assert.Equal((2, 1, 1), (first.Claimed, first.Failed, first.Delivered));
        Assert.True(second.Idle);
        var failed = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("gone", Ct));
        Assert.Equal((OutboxState.Failed, "user_not_found"), (failed!.State, failed.FailureReason));
        var notice = platform.Sent.Last();
        Assert.Equal((OutboxDrainer.FailureNoticeKind, tpm.Identity), (notice.Message.Kind, notice.Destination.Address));
        Assert.Contains(notice.Message.Blocks.OfType<FieldsBlock>().SelectMany(b => b.Fields), f => f.Label == "Reason" && InlineMarkup.ToPlainText(f.Value) == "user_not_found");
        Assert.Equal(2, platform.Sent.Count);
        Assert.Equal(programId, (await InSession(db, s => s.Outbox.FindByDedupKeyAsync($"delivery:failed:outbox:{failed.Id}:tpm:{tpm.Id}", Ct)))!.ProgramId);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_workspace_whose_platform_is_not_configured_fails_with_the_reason(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, s => s.Outbox.EnqueueAsync(Message("teams", "teams:tenant:aad1"), Ct));

        await Drainer(db, time, new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered())).DrainOnceAsync(Ct);

        var row = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("teams", Ct));
        Assert.Equal((OutboxState.Failed, "Teams is not configured on this host"), (row!.State, row.FailureReason));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_workspace_keeps_sending_batch_after_batch_in_order_across_passes_while_another_is_still_sending(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 10; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"t1-{i}", $"slack:T1:U{i}") with { NextAttemptAt = Seed.Now.AddMinutes(-10).AddSeconds(i) }, Ct);
            }

            await s.Outbox.EnqueueAsync(Message("t2-0", "slack:T2:U0"), Ct);
        });
        // Each of T1's sends takes a second of the fake clock, so T1 sends its five batches of two across passes of 5 s; T2's
        // one send does not answer until T1 has sent all ten (or ten real seconds have passed). Ending T1's turn with the
        // pass, as before, made T1 wait for T2.
        using var allOfT1Sent = new ManualResetEventSlim();
        var t1Sends = 0;
        var t2SawAllOfT1 = false;
        var platform = new ScriptedPlatform(ChatPlatform.Slack, sent =>
        {
            if (sent.Destination.WorkspaceId == "slack:T2")
            {
                t2SawAllOfT1 = allOfT1Sent.Wait(TimeSpan.FromSeconds(10));
                return DeliveryResult.Delivered("ts");
            }

            time.Advance(TimeSpan.FromSeconds(1));
            if (Interlocked.Increment(ref t1Sends) == 10)
            {
                allOfT1Sent.Set();
            }

            return DeliveryResult.Delivered("ts");
        });
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", BatchSize = 2, Turn = TimeSpan.FromSeconds(5), Lease = TimeSpan.FromMinutes(2) };

        var report = await UntilNothingSendsAsync(Drainer(db, time, platform, settings));

        Assert.True(t2SawAllOfT1, "T1 waited for T2's slow send at the end of a pass");
        Assert.Equal((11, 11), (report.Claimed, report.Delivered));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"slack:T1:U{i}"), platform.Sent.Select(s => s.Destination.Address).Where(a => a.StartsWith("slack:T1:", StringComparison.Ordinal)));
        foreach (var key in Enumerable.Range(0, 10).Select(i => $"t1-{i}").Append("t2-0"))
        {
            var row = await InSession(db, s => s.Outbox.FindByDedupKeyAsync(key, Ct));
            Assert.Equal((OutboxState.Delivered, 1), (row!.State, row.Attempts));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_pass_that_runs_out_of_time_leaves_its_workspaces_sending_and_the_next_pass_reports_them(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 3; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"t1-{i}", $"slack:T1:U{i}") with { NextAttemptAt = Seed.Now.AddSeconds(-10 + i) }, Ct);
            }
        });
        // The first send takes longer than a pass (Turn 5 s): the pass returns with T1 still sending.
        using var sending = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var platform = new ScriptedPlatform(ChatPlatform.Slack, sent =>
        {
            if (sent.Destination.Address == "slack:T1:U0")
            {
                sending.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }

            return DeliveryResult.Delivered("ts");
        });
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", BatchSize = 10, Turn = TimeSpan.FromSeconds(5), Lease = TimeSpan.FromMinutes(2) };
        var drainer = Drainer(db, time, platform, settings);

        // The clock runs a second at a time while the first send is held, whenever the lane starts its wait (advancing it
        // 6 s from inside the send raced with the lane: a wait started after the advance never ended).
        var pass = drainer.DrainOnceAsync(Ct);
        Assert.True(sending.Wait(TimeSpan.FromSeconds(10), Ct));
        for (var second = 0; second < 30 && !pass.IsCompleted; second++)
        {
            await Task.WhenAny(pass, Task.Delay(200, Ct));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await pass.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        release.Set();
        var rest = await UntilNothingSendsAsync(drainer);

        Assert.Equal((3, 0, 1, false), (first.Claimed, first.Delivered, first.Sending, first.Idle));
        Assert.Equal((0, 3, 0), (rest.Claimed, rest.Delivered, rest.Sending));
        Assert.Equal(["slack:T1:U0", "slack:T1:U1", "slack:T1:U2"], platform.Sent.Select(s => s.Destination.Address));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_lane_that_left_free_workspaces_behind_takes_them_a_tenth_of_a_poll_later(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            await s.Outbox.EnqueueAsync(Message("t1-0", "slack:T1:U0") with { NextAttemptAt = Seed.Now.AddSeconds(-2) }, Ct);
            await s.Outbox.EnqueueAsync(Message("t2-0", "slack:T2:U0") with { NextAttemptAt = Seed.Now.AddSeconds(-1) }, Ct);
        });
        // Two places: a claim takes one new workspace (half), so T2 is left behind. T1's send lets the idle delay pass a
        // tenth at a time and waits for T2's send: the lane must take T2 before a whole poll has passed.
        using var t2Sent = new ManualResetEventSlim();
        var t1SawT2 = false;
        var platform = new ScriptedPlatform(ChatPlatform.Slack, sent =>
        {
            if (sent.Destination.WorkspaceId == "slack:T2")
            {
                t2Sent.Set();
            }
            else
            {
                // The clock runs a tenth of a poll at a time, short of a whole poll: a lane whose wait began after one
                // advance is released by the next (a single advance raced the lane and could leave it waiting for good).
                for (var step = 0; step < 9 && !t1SawT2; step++)
                {
                    time.Advance(TimeSpan.FromMilliseconds(100));
                    t1SawT2 = t2Sent.Wait(TimeSpan.FromSeconds(2));
                }
            }

            return DeliveryResult.Delivered("ts");
        });
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", Workspaces = 2, IdleDelay = TimeSpan.FromSeconds(1), Lease = TimeSpan.FromMinutes(2) };

        var report = await UntilNothingSendsAsync(Drainer(db, time, platform, settings));

        Assert.True(t1SawT2, "T2 waited for a whole poll although the lane had room");
        Assert.Equal((2, 2), (report.Claimed, report.Delivered));
        Assert.Equal(["slack:T1:U0", "slack:T2:U0"], platform.Sent.Select(s => s.Destination.Address));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_workspace_whose_rows_are_queued_while_the_lane_sends_for_another_starts_within_a_poll_not_at_the_end_of_the_pass(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, s => s.Outbox.EnqueueAsync(Message("t1-0", "slack:T1:U0") with { NextAttemptAt = Seed.Now.AddSeconds(-1) }, Ct));

        // T1's send queues T2's first row (as the next team of a slot is opened) and then lets the lane's clock run, a
        // poll at a time, until T2 is sent. The lane has room: it must take T2 after a poll, not when its 5 s pass ends.
        using var t2Sent = new ManualResetEventSlim();
        DateTimeOffset? t2SentAt = null;
        var platform = new ScriptedPlatform(ChatPlatform.Slack, sent =>
        {
            if (sent.Destination.WorkspaceId == "slack:T2")
            {
                t2SentAt = time.GetUtcNow();
                t2Sent.Set();
                return DeliveryResult.Delivered("ts");
            }

            InSession(db, s => s.Outbox.EnqueueAsync(Message("t2-0", "slack:T2:U0") with { NextAttemptAt = Seed.Now.AddSeconds(-1) }, Ct)).GetAwaiter().GetResult();
            for (var poll = 0; poll < 8 && !t2Sent.Wait(TimeSpan.FromMilliseconds(500)); poll++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }

            return DeliveryResult.Delivered("ts");
        });
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", Workspaces = 4, IdleDelay = TimeSpan.FromSeconds(1), Turn = TimeSpan.FromSeconds(5), Lease = TimeSpan.FromMinutes(2) };

        var report = await UntilNothingSendsAsync(Drainer(db, time, platform, settings));

        Assert.Equal((2, 2), (report.Claimed, report.Delivered));
        Assert.NotNull(t2SentAt);
        Assert.InRange(t2SentAt.Value - Seed.Now, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_idle_lane_sends_a_row_as_soon_as_it_is_committed_not_at_its_next_look(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var (store, _, drainer) = await IdleLaneAsync(db, time, TimeSpan.FromSeconds(1));

        // The lane idles; half a second later (its last look a tenth of a poll behind it) a reply is committed.
        var idle = drainer.IdleAsync(Ct);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(idle.IsCompleted);
        await QueueAsync(store, Message("reply", "slack:T1:U0") with { CreatedAt = time.GetUtcNow(), NextAttemptAt = time.GetUtcNow() });

        await idle.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var report = await UntilNothingSendsAsync(drainer);

        Assert.Equal(1, report.Delivered);
        Assert.Equal(Seed.Now.AddMilliseconds(500), time.GetUtcNow());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_row_queued_to_go_later_wakes_an_idle_lane_when_it_comes_due_not_at_the_lanes_next_look(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        var (store, platform, drainer) = await IdleLaneAsync(db, time, TimeSpan.FromSeconds(10));

        // A slot's prompt queued to go three seconds from now (a round opened ahead of its slot): the commit wakes the lane,
        // which finds nothing due yet and idles again, with a 10 s poll.
        time.Advance(TimeSpan.FromSeconds(1));
        var dueAt = time.GetUtcNow().AddSeconds(3);
        await QueueAsync(store, Message("prompt", "slack:T1:U0") with { CreatedAt = time.GetUtcNow(), NextAttemptAt = dueAt });
        await drainer.IdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((0, 0), ((await drainer.DrainOnceAsync(Ct)).Claimed, platform.Sent.Count));

        var idle = drainer.IdleAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(idle.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await idle.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var report = await UntilNothingSendsAsync(drainer);

        Assert.Equal(1, report.Delivered);
        Assert.Equal(dueAt, time.GetUtcNow());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_rolled_back_unit_of_work_wakes_no_lane(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var signal = new OutboxSignal(TimeProvider.System);
        var store = new DapperStore(db.Dialect, signal);
        var wake = signal.NextWake;

        await using (var session = await store.BeginAsync(Ct))
        {
            await session.Outbox.EnqueueAsync(Message("rolled-back"), Ct);
        }

        Assert.False(wake.IsCompleted);
        await QueueAsync(store, Message("committed"));
        Assert.True(wake.IsCompleted);
    }

    /// <summary>A lane woken by its store's commits (<see cref="OutboxSignal"/>) that has looked once and found nothing.</summary>
    private static async Task<(DapperStore Store, ScriptedPlatform Platform, OutboxDrainer Drainer)> IdleLaneAsync(TestDatabase db, FakeTimeProvider time, TimeSpan idleDelay)
    {
        var signal = new OutboxSignal(time);
        var store = new DapperStore(db.Dialect, signal);
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered("ts"));
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", IdleDelay = idleDelay, Lease = TimeSpan.FromMinutes(2) };
        var drainer = new OutboxDrainer(store, [platform], settings, time, new FixedRandom(0.5), signal: signal);
        Assert.True((await drainer.DrainOnceAsync(Ct)).Idle);
        return (store, platform, drainer);
    }

    private static async Task QueueAsync(DapperStore store, OutboxMessage message)
    {
        await using var session = await store.BeginAsync(Ct);
        await session.Outbox.EnqueueAsync(message, Ct);
        await session.CommitAsync(Ct);
    }

    /// <summary>Drain passes until none of the drainer's workspaces is still sending; what they did, added up.</summary>
    internal static async Task<DrainReport> UntilNothingSendsAsync(OutboxDrainer drainer)
    {
        var report = new DrainReport();
        do
        {
            report.Add(await drainer.DrainOnceAsync(Ct));
        }
        while (report.Sending > 0);

        return report;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Without_a_turn_a_drain_pass_sends_one_batch_per_workspace(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(Seed.Now);
        await InSession(db, async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await s.Outbox.EnqueueAsync(Message($"t1-{i}", $"slack:T1:U{i}") with { NextAttemptAt = Seed.Now.AddSeconds(-10 + i) }, Ct);
            }
        });
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered("ts"));
        var settings = new OutboxDrainerSettings { WorkerId = "worker-a", BatchSize = 2, Turn = TimeSpan.Zero, Lease = TimeSpan.FromMinutes(2) };

        var first = await Drainer(db, time, platform, settings).DrainOnceAsync(Ct);

        Assert.Equal((2, 2), (first.Claimed, first.Delivered));
        Assert.Equal(["slack:T1:U0", "slack:T1:U1"], platform.Sent.Select(s => s.Destination.Address));
    }

    [Theory]
    [InlineData("slack:T1", ChatPlatform.Slack)]
    [InlineData("teams:72f988bf", ChatPlatform.Teams)]
    [InlineData("playground", ChatPlatform.Playground)]
    [InlineData("irc:libera", null)]
    public void The_platform_comes_from_the_workspace_id_prefix(string workspaceId, ChatPlatform? expected) =>
        Assert.Equal(expected, OutboxDrainer.PlatformOf(workspaceId));
}

/// <summary>A platform port whose answer the test decides; records what it was asked to send.</summary>
internal sealed class ScriptedPlatform(ChatPlatform platform, Func<(Destination Destination, ChatMessage Message), DeliveryResult> answer) : IChatPlatform
{
    public List<(Destination Destination, ChatMessage Message)> Sent { get; } = [];

    public ChatPlatform Platform => platform;

    public Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((destination, message));
        }

        return Task.FromResult(answer((destination, message)));
    }
}

/// <summary>A jitter source that always returns the same value.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
