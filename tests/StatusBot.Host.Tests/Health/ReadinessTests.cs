using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Data;
using StatusBot.Data.Startup;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Health;

/// <summary>
/// <c>/readyz</c> after start, through the real host on loopback: it notices a store that goes away under the running
/// host and an outbox whose oldest due message waits past <c>Health:OutboxStuckAfter</c>, on both stores; and a caller
/// that is not on this machine reads only "ready" / "not ready" unless it presents <c>Health:Token</c>.
/// </summary>
public sealed class ReadinessTests
{
    private const string RemoteClient = "203.0.113.7";
    private const string HealthToken = "health-token-0123456789abcdef";

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Readiness_fails_with_the_reason_when_the_store_goes_away_after_start(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await RunningHost.StartAsync($"Storage:Provider={db.Provider}", $"ConnectionStrings:StatusBot={db.ConnectionString}", "Logging:LogLevel:Default=Critical");
        Assert.Equal(HttpStatusCode.OK, (await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30))).StatusCode);

        string expected;
        if (kind == StoreKind.Postgres)
        {
            // Every table of the bot gone at once: the database answers, but nothing StatusBot needs is there.
            await using var connection = await host.Services.GetRequiredService<DapperStore>().Dialect.OpenAsync(Ct);
            var schema = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select current_schema()", cancellationToken: Ct));
            await connection.ExecuteAsync(new CommandDefinition($"drop schema {schema} cascade", cancellationToken: Ct));
            expected = "relation \"schema_migrations\" does not exist";
        }
        else
        {
            // An embedded file cannot be "down" while the process holds it open (pooled connections keep reading it, WAL
            // included); what can happen is that it no longer holds the bot's schema (a bad restore, a hand-run script).
            await using var connection = new SqliteConnection(db.ConnectionString);
            await connection.OpenAsync(Ct);
            await connection.ExecuteAsync(new CommandDefinition("drop table schema_migrations", cancellationToken: Ct));
            expected = "no such table: schema_migrations";
        }

        var notReady = await host.WaitForStatusAsync("/readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        var body = await notReady.Content.ReadAsStringAsync(Ct);
        var live = await host.Client.GetAsync("/healthz", Ct);
        SqliteConnection.ClearAllPools();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.StartsWith("not ready\nstore: ", body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok\n", await live.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Readiness_fails_when_the_oldest_due_message_waits_past_the_threshold(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var platform = new StalledPlatform();
        var app = StatusBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:Provider", db.Provider.ToString(),
                "--ConnectionStrings:StatusBot", db.ConnectionString,
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--Outbox:IdleDelay", "00:00:00.100",
                "--Health:OutboxStuckAfter", "00:15:00",
                // Only the outbox is under test; the scheduler's own readiness is another test's.
                "--Scheduling:Enabled", "false",
                "--Logging:LogLevel:Default", "Critical",
            ],
            builder => builder.Services.AddSingleton<IChatPlatform>(platform));
        await using (app)
        {
            await app.StartAsync(Ct);
            using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]) };
            await CheckIns.CheckInHost.Eventually(
                async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct)).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30),
                "the host is ready",
                async () => await (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct));
            var store = app.Services.GetRequiredService<IStatusBotStore>();

            try
            {
                // A message due 14 minutes ago (queued while no sender ran); the platform takes it and never answers, so the
                // sender makes no more progress. Under the threshold: still ready.
                await EnqueueAsync(store, "readiness:first", DateTimeOffset.UtcNow.AddMinutes(-14));
                await CheckIns.CheckInHost.Eventually(() => Task.FromResult(platform.Started), TimeSpan.FromSeconds(15), "the sender takes the message");
                await Task.Delay(StoreProbe.CacheFor + TimeSpan.FromSeconds(1), Ct);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct)).StatusCode);

                // Another one, due 16 minutes ago, waits behind it: the outbox is stuck.
                await EnqueueAsync(store, "readiness:second", DateTimeOffset.UtcNow.AddMinutes(-16));
                var stuck = await WaitForAsync(http, HttpStatusCode.ServiceUnavailable);
                var body = await stuck.Content.ReadAsStringAsync(Ct);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, stuck.StatusCode);
                Assert.StartsWith(
                    "not ready\noutbox: outbox stuck: 2 message(s) pending, the oldest due for 16 min (limit 15 min, Health:OutboxStuckAfter); is a sender running and can it reach the platform?\n",
                    body,
                    StringComparison.Ordinal);
            }
            finally
            {
                platform.Release();
            }

            // Once the platform answers, both are sent and the host is ready again.
            Assert.Equal(HttpStatusCode.OK, (await WaitForAsync(http, HttpStatusCode.OK)).StatusCode);
        }
    }

    private static async Task EnqueueAsync(IStatusBotStore store, string dedupKey, DateTimeOffset dueAt)
    {
        await using var session = await store.BeginAsync(Ct);
        var message = new ChatMessage("checkin.prompt", "Time for the weekly check-in", [new TextBlock("Time for the weekly check-in")]);
        await session.Outbox.EnqueueAsync(OutboxMessage.DirectMessageTo("playground:alice", message, dedupKey, null, dueAt), Ct);
        await session.CommitAsync(Ct);
    }

    private static async Task<HttpResponseMessage> WaitForAsync(HttpClient http, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
            if (response.StatusCode == status || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(250, Ct);
        }
    }

    [Fact]
    public async Task A_caller_not_on_this_machine_reads_only_ready_or_not_ready_unless_it_has_the_token()
    {
        // Port 1 on loopback: nothing listens there, so the store is not ready, with a reason naming the server.
        await using var down = await RunningHost.StartAsync(
            "Storage:Provider=Postgres",
            "ConnectionStrings:StatusBot=Host=127.0.0.1;Port=1;Database=statusbot;Username=statusbot;Timeout=2",
            $"Health:Token={HealthToken}",
            "Logging:LogLevel:Default=Critical");
        await down.WaitForStatusAsync("/readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));

        var local = await ReadyzAsync(down.Client);
        var remote = await ReadyzAsync(down.Client, forwardedFor: RemoteClient);
        var wrongToken = await ReadyzAsync(down.Client, forwardedFor: RemoteClient, token: HealthToken + "x");
        var withToken = await ReadyzAsync(down.Client, forwardedFor: RemoteClient, token: HealthToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, local.Status);
        Assert.Contains("store: cannot reach PostgreSQL 127.0.0.1:1/statusbot", local.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready\n"), remote);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready\n"), wrongToken);
        Assert.Equal(local, withToken);

        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        await using var up = await RunningHost.StartAsync($"ConnectionStrings:StatusBot=Data Source={file}");
        await up.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await ReadyzAsync(up.Client, forwardedFor: RemoteClient));
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadyzAsync(HttpClient client, string? forwardedFor = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A playground platform that takes a message and never answers (a hung connection), until released.</summary>
    private sealed class StalledPlatform : IChatPlatform
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _started;

        public ChatPlatform Platform => ChatPlatform.Playground;

        public bool Started => _started;

        public void Release() => _release.TrySetResult();

        public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
        {
            _started = true;
            // Deaf to the send timeout as a hung socket would be: the row stays leased and due.
            await _release.Task;
            return DeliveryResult.Delivered("stalled-1");
        }
    }
}
