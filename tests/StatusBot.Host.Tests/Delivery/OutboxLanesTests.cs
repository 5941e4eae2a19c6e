using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Delivery;

/// <summary>
/// The outbox's lanes (<c>Outbox:Lanes</c>) in the real host: while one workspace's send is in flight another
/// workspace's is sent too, but never two of one workspace at once, and every message arrives once.
/// </summary>
public sealed class OutboxLanesTests
{
    private const int Workspaces = 4;
    private const int PerWorkspace = 3;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Lanes_send_to_different_workspaces_at_once_and_to_one_workspace_one_at_a_time(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var _ = cleanup;
        var platform = new OverlapPlatform();
        await using var app = await StatusBotHostWith(kind, connectionString, platform);
        await using (var session = await app.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct))
        {
            for (var i = 0; i < Workspaces * PerWorkspace; i++)
            {
                await session.Outbox.EnqueueAsync(
                    new OutboxMessage
                    {
                        WorkspaceId = $"slack:T{i % Workspaces}",
                        Destination = Destination.DirectMessage($"slack:T{i % Workspaces}:U{i}"),
                        Message = new ChatMessage("checkin.prompt", "Weekly check-in", [new TextBlock("How is it going?")]),
                        DedupKey = $"lanes:{i}",
                        CreatedAt = Seed.Now,
                        NextAttemptAt = Seed.Now,
                    },
                    Ct);
            }

            await session.CommitAsync(Ct);
        }

        await CheckInHost.Eventually(() => Task.FromResult(platform.Delivered.Count == Workspaces * PerWorkspace), TimeSpan.FromSeconds(60), "every message is sent");
        await app.StopAsync(Ct);

        Assert.True(platform.MostAtOnce >= 2, $"at most {platform.MostAtOnce} send(s) were in flight at once");
        Assert.Equal(1, platform.MostAtOnceInOneWorkspace);
        Assert.Equal(Workspaces * PerWorkspace, platform.Delivered.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task One_lane_sends_to_many_workspaces_at_once_and_to_each_one_at_a_time(StoreKind kind)
    {
        const int ManyWorkspaces = 12;
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var _ = cleanup;
        // Each send is held until all twelve workspaces have one in flight: a lane sending one workspace after another
        // would wait 10 s per send here and never see more than one.
        var platform = new OverlapPlatform(together: ManyWorkspaces);
        await using var app = await StatusBotHostWith(kind, connectionString, platform, lanes: 1);
        await using (var session = await app.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct))
        {
            for (var i = 0; i < ManyWorkspaces * PerWorkspace; i++)
            {
                await session.Outbox.EnqueueAsync(
                    new OutboxMessage
                    {
                        WorkspaceId = $"slack:T{i % ManyWorkspaces}",
                        Destination = Destination.DirectMessage($"slack:T{i % ManyWorkspaces}:U{i}"),
                        Message = new ChatMessage("checkin.prompt", "Weekly check-in", [new TextBlock("How is it going?")]),
                        DedupKey = $"many:{i}",
                        CreatedAt = Seed.Now,
                        NextAttemptAt = Seed.Now,
                    },
                    Ct);
            }

            await session.CommitAsync(Ct);
        }

        await CheckInHost.Eventually(() => Task.FromResult(platform.Delivered.Count == ManyWorkspaces * PerWorkspace), TimeSpan.FromSeconds(60), "every message is sent");
        await app.StopAsync(Ct);

        Assert.Equal(ManyWorkspaces, platform.MostAtOnce);
        Assert.Equal(1, platform.MostAtOnceInOneWorkspace);
        Assert.Equal(ManyWorkspaces * PerWorkspace, platform.Delivered.Distinct().Count());
        // In order within a workspace: its messages were queued in the order of their numbers.
        Assert.All(
            platform.Delivered.Reverse().GroupBy(address => address.Split(':')[1]),
            sent => Assert.Equal(sent.OrderBy(address => int.Parse(address.Split(":U")[1], System.Globalization.CultureInfo.InvariantCulture)), sent));
    }

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static async Task<WebApplication> StatusBotHostWith(StoreKind kind, string connectionString, OverlapPlatform platform, int lanes = 4)
    {
        var app = StatusBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:Provider", kind == StoreKind.Postgres ? "Postgres" : "Sqlite",
                "--ConnectionStrings:StatusBot", connectionString,
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--Outbox:IdleDelay", "00:00:00.050",
                "--Outbox:BatchSize", "2",
                "--Outbox:Lanes", lanes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default", "Warning",
            ],
            builder => builder.Services.AddSingleton<IChatPlatform>(platform));
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<StatusBot.Data.Startup.StoreReadiness>().WhenReadyAsync(Ct);
        return app;
    }

    /// <summary>
    /// A Slack stand-in that holds the first sends until <paramref name="together"/> are in flight (or 10 s pass), so
    /// overlapping sends are observed without timing assumptions, and records how many were in flight at once, in all and
    /// per workspace, and the order of deliveries.
    /// </summary>
    private sealed class OverlapPlatform(int together = 2) : IChatPlatform
    {
        private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private int _all;

        public ChatPlatform Platform => ChatPlatform.Slack;

        public ConcurrentStack<string> Delivered { get; } = [];

        public int MostAtOnce { get; private set; }

        public int MostAtOnceInOneWorkspace { get; private set; }

        public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
        {
            var workspace = destination.Address[..destination.Address.LastIndexOf(':')];
            lock (_gate)
            {
                _all++;
                var here = _inFlight.AddOrUpdate(workspace, 1, (_, n) => n + 1);
                MostAtOnce = Math.Max(MostAtOnce, _all);
                MostAtOnceInOneWorkspace = Math.Max(MostAtOnceInOneWorkspace, here);
                if (_all >= together)
                {
                    _second.TrySetResult();
                }
            }

            await Task.WhenAny(_second.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
            lock (_gate)
            {
                _all--;
                _inFlight.AddOrUpdate(workspace, 0, (_, n) => n - 1);
            }

            Delivered.Push(destination.Address);
            return DeliveryResult.Delivered($"ts-{destination.Address}");
        }
    }
}
