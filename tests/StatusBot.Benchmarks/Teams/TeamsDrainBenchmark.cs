using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Benchmarks.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.MicrosoftTeams.Startup;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Teams;

/// <summary>
/// Drains N proactive check-in prompts (1:1 messages to distinct people of one tenant, each through its stored
/// conversation reference) through the real outbox drainer and the real Teams adapter to the fake Bot Connector,
/// which enforces Teams' published limits as sliding windows (per thread, and 50 requests per second per app per
/// tenant: the binding one here). One tenant is one workspace, so one worker at a time sends (the send lease) and the
/// client's buckets are the whole budget. Reports achieved ÷ allowed rate, lost and duplicated messages, and the 429s
/// the fake had to send.
/// </summary>
internal static class TeamsDrainBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var prompts = int.Parse(options.Get("--prompts", "10000"), CultureInfo.InvariantCulture);
        var workers = int.Parse(options.Get("--workers", "1"), CultureInfo.InvariantCulture);
        var kind = Enum.Parse<StoreKind>(options.Get("--store", "sqlite"), ignoreCase: true);

        await using var db = await TestDatabase.CreateAsync(kind);
        await using var connector = await FakeBotConnector.StartAsync();
        var tenant = FakeBotConnector.TenantId;
        await SeedAsync(db.Store, connector, tenant, prompts);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = "5f3c3a1e-7d2b-4c3e-9a51-1b2c3d4e5f60",
            ["Teams:AppPassword"] = "app-password",
            ["Teams:TenantId"] = tenant,
            ["Teams:TokenEndpoint"] = connector.TokenEndpoint.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IStatusBotStore>(db.Store);
        services.AddTeamsDelivery(configuration);
        await using var provider = services.BuildServiceProvider();

        // One worker by default (SQLite has one writer); with --workers N on PostgreSQL, N instances share the tenant
        // through the send lease: one at a time sends, the others skip its rows.
        var clock = Stopwatch.StartNew();
        var reports = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => DrainAsync(db.Store, provider, w))));
        var elapsed = clock.Elapsed;

        var posted = connector.Posted.Select(FakeBotConnector.ConversationOf).ToList();
        var distinct = posted.Distinct(StringComparer.Ordinal).Count();
        var lost = prompts - distinct;
        var duplicated = posted.Count - distinct;
        var (perTenant, window) = PublishedTeamsLimits.PerTenant.Single();
        // What the fake would have accepted in that time: one full window at the start plus the steady rate.
        var allowedPerSecond = (perTenant / window.TotalSeconds) + (perTenant / elapsed.TotalSeconds);
        var achieved = prompts / elapsed.TotalSeconds;
        var firstToLast = TimeProvider.System.GetElapsedTime(connector.Accepted.Min(r => r.Timestamp), connector.Accepted.Max(r => r.Timestamp));
        await using var session = await db.Store.BeginAsync(CancellationToken.None);
        var delivered = await session.Outbox.CountAsync(OutboxState.Delivered, CancellationToken.None);
        var failed = await session.Outbox.CountAsync(OutboxState.Failed, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"teams-drain: {prompts} prompts to one tenant through the outbox ({kind}, {workers} workers) in {elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allowed {allowedPerSecond:F2}/s (fake: {perTenant} per {window.TotalSeconds:0} s per tenant, sliding; per thread 7/1 s, 8/2 s, 60/30 s, 1,800/h), achieved {achieved:F2}/s, ratio {achieved / allowedPerSecond:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first to last post at the fake {firstToLast.TotalSeconds:F1} s: {(posted.Count - 1) / firstToLast.TotalSeconds:F2}/s, {(posted.Count - 1) / firstToLast.TotalSeconds / (perTenant / window.TotalSeconds):F3} of the steady {perTenant / window.TotalSeconds:0}/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lost {lost}, duplicated {duplicated}, 429s from the fake {connector.RateLimitedAnswers}, outbox delivered {delivered} failed {failed}, rows put back by the workers without the send lease {reports.Sum(r => r.PutBack)}"));
        return lost == 0 && duplicated == 0 && delivered == prompts ? 0 : 1;
    }

    private static async Task SeedAsync(StatusBot.Data.DapperStore store, FakeBotConnector connector, string tenant, int prompts)
    {
        var message = new ChatMessage(
            "checkin.prompt",
            "Time for your weekly check-in",
            [new HeaderBlock("Weekly check-in"), new TextBlock("How is *Payments* doing this week?"), new ActionsBlock([new ButtonAction("Answer", "checkin.open", "cycle:1", ButtonStyle.Primary)])]);
        var now = TimeProvider.System.GetUtcNow();
        await using var session = await store.BeginAsync(CancellationToken.None);
        for (var i = 0; i < prompts; i++)
        {
            var identity = string.Create(CultureInfo.InvariantCulture, $"teams:{tenant}:aad-{i:D6}");
            await session.ConversationReferences.UpsertAsync(
                new ConversationReference
                {
                    Address = identity,
                    ServiceUrl = connector.ServiceUrl.ToString(),
                    ConversationId = string.Create(CultureInfo.InvariantCulture, $"a:1-personal-{i:D6}"),
                    PlatformUserId = string.Create(CultureInfo.InvariantCulture, $"29:{i:D6}"),
                    UpdatedAt = now,
                },
                CancellationToken.None);
            await session.Outbox.EnqueueAsync(
                OutboxMessage.DirectMessageTo(identity, message, string.Create(CultureInfo.InvariantCulture, $"checkin:prompt:cycle:1:person:{i}"), null, now),
                CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
    }

    private static async Task<DrainReport> DrainAsync(StatusBot.Data.DapperStore store, IServiceProvider provider, int worker)
    {
        var drainer = new OutboxDrainer(
            store,
            provider.GetServices<IChatPlatform>(),
            new OutboxDrainerSettings { WorkerId = string.Create(CultureInfo.InvariantCulture, $"bench-teams-{worker}") },
            TimeProvider.System,
            Random.Shared);
        var total = new DrainReport();
        while (true)
        {
            DrainReport report;
            try
            {
                report = await drainer.DrainOnceAsync(CancellationToken.None);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
            {
                // SQLite busy: the workers contend for its single writer; try again.
                continue;
            }

            total.PutBack += report.PutBack;
            if (!report.Idle)
            {
                continue;
            }

            await using var session = await store.BeginAsync(CancellationToken.None);
            if (await session.Outbox.CountAsync(OutboxState.Pending, CancellationToken.None) == 0)
            {
                return total;
            }

            await Task.Delay(50);
        }
    }
}
