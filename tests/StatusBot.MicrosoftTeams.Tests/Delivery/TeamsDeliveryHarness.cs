using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.MicrosoftTeams.Startup;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.MicrosoftTeams.Tests.Delivery;

/// <summary>
/// Teams delivery as the host composes it (<see cref="TeamsDeliveryServiceCollectionExtensions.AddTeamsDelivery"/>)
/// over a real, migrated store, sending to the fake Bot Connector on loopback; the outbox drainer on top.
/// </summary>
public sealed class TeamsDeliveryHarness : IAsyncDisposable
{
    public const string Tenant = FakeBotConnector.TenantId;
    public const string Workspace = "teams:" + Tenant;
    public const string ChannelId = "19:general@thread.tacv2";

    private TeamsDeliveryHarness(TestDatabase db, FakeBotConnector connector, ServiceProvider services)
    {
        Db = db;
        Connector = connector;
        Services = services;
        Platform = services.GetServices<IChatPlatform>().Single(p => p.Platform == ChatPlatform.Teams);
    }

    public TestDatabase Db { get; }
    public FakeBotConnector Connector { get; }
    public ServiceProvider Services { get; }
    public IChatPlatform Platform { get; }

    public static async Task<TeamsDeliveryHarness> StartAsync(StoreKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var connector = await FakeBotConnector.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = FakeBotFrameworkKeys.AppId,
            ["Teams:AppPassword"] = "app-password",
            ["Teams:TenantId"] = Tenant,
            ["Teams:TokenEndpoint"] = connector.TokenEndpoint.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IStatusBotStore>(db.Store);
        services.AddTeamsDelivery(configuration);
        return new TeamsDeliveryHarness(db, connector, services.BuildServiceProvider(validateScopes: true));
    }

    public static string Person(string aadObjectId) => $"{Workspace}:{aadObjectId}";

    public static string Channel => $"{Workspace}:{ChannelId}";

    public static ChatMessage Message(string text) =>
        new("checkin.prompt", text, [new HeaderBlock("Weekly check-in"), new TextBlock(text)]);

    /// <summary>Stores what a validated activity would have: the service URL, and the conversation or only the member.</summary>
    public async Task ReferAsync(string address, string? conversationId, string? platformUserId = null)
    {
        await using var session = await Db.Store.BeginAsync(CancellationToken.None);
        await session.ConversationReferences.UpsertAsync(
            new ConversationReference
            {
                Address = address,
                ServiceUrl = Connector.ServiceUrl.ToString(),
                ConversationId = conversationId,
                PlatformUserId = platformUserId,
                UpdatedAt = Seed.Now,
            },
            CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    public async Task<ConversationReference?> ReferenceAsync(string address)
    {
        await using var session = await Db.Store.BeginAsync(CancellationToken.None);
        return await session.ConversationReferences.GetAsync(address, CancellationToken.None);
    }

    public async Task<long> EnqueueAsync(Destination destination, ChatMessage message, string dedupKey, long? replacesId = null)
    {
        await using var session = await Db.Store.BeginAsync(CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        await session.Outbox.EnqueueAsync(
            new OutboxMessage
            {
                WorkspaceId = destination.WorkspaceId,
                Destination = destination,
                Message = message,
                DedupKey = dedupKey,
                CreatedAt = now,
                NextAttemptAt = now,
                ReplacesId = replacesId,
            },
            CancellationToken.None);
        var row = await session.Outbox.FindByDedupKeyAsync(dedupKey, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return row!.Id;
    }

    public async Task<OutboxMessage> RowAsync(long id)
    {
        await using var session = await Db.Store.BeginAsync(CancellationToken.None);
        return (await session.Outbox.GetAsync(id, CancellationToken.None))!;
    }

    /// <summary>The outbox worker's loop on the real clock, with short retry delays, until nothing is pending (or the limit).</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        var drainer = new OutboxDrainer(
            Db.Store,
            Services.GetServices<IChatPlatform>(),
            new OutboxDrainerSettings { WorkerId = "teams-test", BaseRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1) },
            TimeProvider.System,
            new Random(7));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (!(await drainer.DrainOnceAsync(CancellationToken.None)).Idle)
            {
                continue;
            }

            await using (var session = await Db.Store.BeginAsync(CancellationToken.None))
            {
                if (await session.Outbox.CountAsync(OutboxState.Pending, CancellationToken.None) == 0)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The outbox was not drained within {limit}");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Connector.DisposeAsync();
        await Db.DisposeAsync();
    }
}
