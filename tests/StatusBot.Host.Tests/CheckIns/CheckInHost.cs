using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Startup;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>Starts the real host on loopback over a SQLite file, with a recording playground platform.</summary>
internal static class CheckInHost
{
    public static string NewDatabaseFile() => Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N"), "statusbot.db");

    public static Task<WebApplication> StartAsync(string databaseFile, RecordingPlatform? platform = null, params string[] extraArgs) =>
        StartAsync(StoreKind.Sqlite, $"Data Source={databaseFile}", platform, extraArgs);

    /// <summary>A new database of <paramref name="kind"/>: its connection string, and what removes it.</summary>
    public static async Task<(string ConnectionString, IAsyncDisposable Cleanup)> NewDatabaseAsync(StoreKind kind)
    {
        var database = await TestDatabase.CreateEmptyAsync(kind);
        return (database.ConnectionString, database);
    }

    public static Task<WebApplication> StartAsync(StoreKind kind, string connectionString, RecordingPlatform? platform = null, params string[] extraArgs) =>
        StartAsync(kind, connectionString, platform, _ => { }, extraArgs);

    /// <param name="services">Replaces the host's own services (a test calendar).</param>
    public static async Task<WebApplication> StartAsync(
        StoreKind kind, string connectionString, RecordingPlatform? platform, Action<IServiceCollection> services, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider", kind == StoreKind.Postgres ? "Postgres" : "Sqlite",
            "--ConnectionStrings:StatusBot", connectionString,
            "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
            "--Outbox:IdleDelay", "00:00:00.100",
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        var app = StatusBotApp.Build(args, builder =>
        {
            if (platform is not null)
            {
                builder.Services.AddSingleton<IChatPlatform>(platform);
            }

            services(builder.Services);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(TestContext.Current.CancellationToken);

        // Wait for the scheduler's first sync too, so a test's own schedule changes do not race it.
        var scheduler = app.Services.GetRequiredService<StatusBot.Scheduling.CheckIns.SchedulerReadiness>();
        await Eventually(() => Task.FromResult(scheduler.Problem is null), TimeSpan.FromSeconds(30), "the scheduler's first sync");
        return app;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (background work), failing after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting until {what}" + (describe is null ? string.Empty : $"; {await describe()}"));
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>A playground platform that accepts every message and records it.</summary>
internal sealed class RecordingPlatform : IChatPlatform
{
    private int _next;

    public List<(Destination Destination, ChatMessage Message)> Sent { get; } = [];

    public ChatPlatform Platform => ChatPlatform.Playground;

    public Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((destination, message));
        }

        return Task.FromResult(DeliveryResult.Delivered($"pg-{Interlocked.Increment(ref _next)}"));
    }

    public int Count(string kind)
    {
        lock (Sent)
        {
            return Sent.Count(s => s.Message.Kind == kind);
        }
    }
}
