using System.Collections.Concurrent;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Scheduling.Delivery;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Delivery;

/// <summary>
/// A message queued on one instance is sent at once by another one's idle lane (the relay, LISTEN/NOTIFY), or when it
/// comes due if it was queued to go later, not at that lane's next look (<c>Outbox:IdleDelay</c>, 30 s here).
/// </summary>
public sealed class OutboxWakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_queued_on_one_instance_is_sent_by_another_instances_idle_lane_at_once_or_when_it_comes_due()
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(StoreKind.Postgres);
        await using var _ = cleanup;
        var platformA = new GatedPlatform(heldWorkspace: "slack:W0");
        var platformB = new GatedPlatform(heldWorkspace: null);
        // A held send must not time out (and free A's place) before the test ends: Outbox:SendTimeout 90 s.
        string[] settings =
        [
            "--Outbox:IdleDelay", "00:00:30", "--Outbox:Lanes", "1", "--Outbox:Workspaces", "1",
            "--Outbox:BatchSize", "1", "--Outbox:SendTimeout", "00:01:30", "--Outbox:Lease", "00:05:00",
        ];

        // A's one lane has one place, kept busy: its send to W0 is held until the end of the test. So A cannot send
        // what it queues next, and only B can.
        await using var a = await CheckInHost.StartAsync(StoreKind.Postgres, connectionString, null, services => services.AddSingleton<IChatPlatform>(platformA), settings);
        await QueueAsync(a, "slack:W0:U1", "held");
        await CheckInHost.Eventually(() => Task.FromResult(platformA.Holding), TimeSpan.FromSeconds(30), "A sends to W0 (and holds the send)");

        await using var b = await CheckInHost.StartAsync(StoreKind.Postgres, connectionString, null, services => services.AddSingleton<IChatPlatform>(platformB), settings);
        await CheckInHost.Eventually(async () => await ListenersAsync(connectionString) == 2, TimeSpan.FromSeconds(30), "both instances listen");
        // B's lane has looked at its start and found nothing it could take (W0 is A's): it now waits up to 30 s.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        var queuedAt = DateTimeOffset.UtcNow;
        await QueueAsync(a, "slack:T1:U1", "reply");
        await CheckInHost.Eventually(() => Task.FromResult(platformB.Sent.ContainsKey("slack:T1:U1")), TimeSpan.FromSeconds(25), "B sends the reply A queued");

        Assert.InRange(platformB.Sent["slack:T1:U1"] - queuedAt, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.False(platformA.Sent.ContainsKey("slack:T1:U1"));

        // A message queued on A to go four seconds later (a slot's prompt, opened ahead): B's lane, woken by the commit,
        // finds it not due yet; the notification told B when it comes due, and B sends it then, not at its next look.
        var dueAt = await QueueAsync(a, "slack:T2:U1", "later", TimeSpan.FromSeconds(4));
        await CheckInHost.Eventually(() => Task.FromResult(platformB.Sent.ContainsKey("slack:T2:U1")), TimeSpan.FromSeconds(25), "B sends the message A queued to go later");
        Assert.InRange(platformB.Sent["slack:T2:U1"] - dueAt, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        platformA.Release();
        await CheckInHost.Eventually(() => Task.FromResult(platformA.Sent.ContainsKey("slack:W0:U1")), TimeSpan.FromSeconds(30), "A's held send ends");
        await b.StopAsync(Ct);
        await a.StopAsync(Ct);
    }

    [Fact]
    public async Task An_instance_whose_listening_connection_is_dropped_listens_again_and_is_woken_by_the_others()
    {
        // The database's own store raises no signal: the rows it queues are another instance's, as far as the host knows.
        await using var database = await TestDatabase.CreateEmptyAsync(StoreKind.Postgres);
        var connectionString = database.ConnectionString;
        var platform = new GatedPlatform(heldWorkspace: null);
        await using var host = await CheckInHost.StartAsync(
            StoreKind.Postgres, connectionString, null, services => services.AddSingleton<IChatPlatform>(platform), "--Outbox:IdleDelay", "00:00:30");
        await CheckInHost.Eventually(async () => await ListenersAsync(connectionString) == 1, TimeSpan.FromSeconds(30), "the instance listens");

        // The server drops the listening connection (a restart, a network cut, an operator's pg_terminate_backend).
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.ExecuteAsync(
                "select pg_terminate_backend(pid) from pg_stat_activity where query = @listen",
                new { listen = $"listen \"{await ChannelAsync(admin)}\"" });
        }

        await CheckInHost.Eventually(async () => await ListenersAsync(connectionString) == 1, TimeSpan.FromSeconds(30), "the instance listens again");
        // Its lane has taken the look that follows reconnecting, and waits up to 30 s again.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        // Another instance queues a message and tells (here: its row, and the notification its relay sends).
        var queuedAt = DateTimeOffset.UtcNow;
        await QueueAsync(database.Store, "slack:T1:U1", "elsewhere");

        await using (var notifier = new NpgsqlConnection(connectionString))
        {
            await notifier.ExecuteAsync("select pg_notify(@channel, 'another-instance')", new { channel = await ChannelAsync(notifier) });
        }

        await CheckInHost.Eventually(() => Task.FromResult(platform.Sent.ContainsKey("slack:T1:U1")), TimeSpan.FromSeconds(25), "the instance sends what the other queued");
        Assert.InRange(platform.Sent["slack:T1:U1"] - queuedAt, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await host.StopAsync(Ct);
    }

    [Fact]
    public void A_notification_carries_the_instance_and_the_times_its_rows_come_due_and_other_text_is_ignored()
    {
        DateTimeOffset[] due = [new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero), new(2026, 12, 7, 8, 0, 0, 100, TimeSpan.Zero)];

        var payload = OutboxWakeRelay.Payload("abc", due);

        Assert.Equal("abc 1796630400000 1796630400100", payload);
        var parsed = OutboxWakeRelay.ParsePayload(payload);
        Assert.Equal("abc", parsed?.Instance);
        Assert.Equal(due, parsed?.DueLater);
        Assert.Equal(("abc", 0), (OutboxWakeRelay.ParsePayload("abc")?.Instance, OutboxWakeRelay.ParsePayload("abc")?.DueLater.Count ?? -1));
        Assert.Null(OutboxWakeRelay.ParsePayload(""));
        Assert.Null(OutboxWakeRelay.ParsePayload("abc soon"));
        Assert.Null(OutboxWakeRelay.ParsePayload("abc -5"));
        Assert.Null(OutboxWakeRelay.ParsePayload("abc 99999999999999999999"));
        Assert.Null(OutboxWakeRelay.ParsePayload("abc " + string.Join(' ', Enumerable.Repeat("1796630400000", OutboxSignal.MaxDueLater + 1))));
    }

    private static Task<DateTimeOffset> QueueAsync(WebApplication host, string address, string key, TimeSpan dueIn = default) =>
        QueueAsync(host.Services.GetRequiredService<IStatusBotStore>(), address, key, dueIn);

    /// <summary>Queues a message due <paramref name="dueIn"/> from now (default: now); returns when it is due.</summary>
    private static async Task<DateTimeOffset> QueueAsync(IStatusBotStore store, string address, string key, TimeSpan dueIn = default)
    {
        await using var session = await store.BeginAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        await session.Outbox.EnqueueAsync(
            new OutboxMessage
            {
                WorkspaceId = Destination.DirectMessage(address).WorkspaceId,
                Destination = Destination.DirectMessage(address),
                Message = new ChatMessage("checkin.confirmation", "Thanks", [new TextBlock("Recorded.")]),
                DedupKey = $"wake:{key}",
                CreatedAt = now,
                NextAttemptAt = now + dueIn,
            },
            Ct);
        await session.CommitAsync(Ct);
        return now + dueIn;
    }

    /// <summary>The connections listening on this schema's channel (the relay's, one per instance).</summary>
    private static async Task<int> ListenersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<int>(
            "select count(*)::int from pg_stat_activity where query = @listen",
            new { listen = $"listen \"{await ChannelAsync(connection)}\"" });
    }

    /// <summary>The relay's channel for the schema the connection string points at.</summary>
    private static async Task<string> ChannelAsync(NpgsqlConnection connection) =>
        OutboxWakeRelay.ChannelOf((await connection.ExecuteScalarAsync<string>("select current_schema()"))!);

    /// <summary>Slack for both instances: holds the send to one workspace until released, records when each address was sent.</summary>
    private sealed class GatedPlatform(string? heldWorkspace) : IChatPlatform
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _holding;

        public ChatPlatform Platform => ChatPlatform.Slack;

        public ConcurrentDictionary<string, DateTimeOffset> Sent { get; } = new(StringComparer.Ordinal);

        public bool Holding => _holding;

        public void Release() => _release.TrySetResult();

        public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
        {
            if (destination.WorkspaceId == heldWorkspace)
            {
                _holding = true;
                await _release.Task.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            Sent[destination.Address] = DateTimeOffset.UtcNow;
            return DeliveryResult.Delivered($"ts-{destination.Address}");
        }

        public Task<DeliveryResult?> UpdateAsync(Destination destination, string platformMessageId, ChatMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryResult?>(DeliveryResult.Delivered(platformMessageId));
    }
}
