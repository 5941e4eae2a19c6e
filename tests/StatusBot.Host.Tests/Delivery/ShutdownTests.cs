using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Core.Storage;
using StatusBot.Data.Startup;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Delivery;

/// <summary>
/// A deploy stops the host: stopping is not a failure (no background service logs an error or fails the host), work in
/// progress finishes within <c>Inbound:ShutdownGrace</c>, and work that cannot is handed back, unrun and uncounted, for
/// the next instance.
/// </summary>
public sealed class ShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_the_host_finishes_work_in_progress_hands_back_the_rest_and_logs_no_failure()
    {
        // Both items are stored before the host starts, so its worker leases them together.
        await using var database = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        long? quick, stuck;
        await using (var session = await database.Store.BeginAsync(Ct))
        {
            quick = await session.InboundWork.AddAsync(Work("test.quick"), Ct);
            stuck = await session.InboundWork.AddAsync(Work("test.stuck"), Ct);
            await session.CommitAsync(Ct);
        }

        var logs = new CapturingLoggerProvider();
        var handler = new GatedHandler();
        var app = StatusBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:Provider", "Sqlite",
                "--ConnectionStrings:StatusBot", database.ConnectionString,
                "--Outbox:IdleDelay", "00:00:00.050",
                "--Inbound:IdleDelay", "00:00:00.050",
                "--Inbound:ShutdownGrace", "00:00:01",
            ],
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Services.AddSingleton<IInboundWorkHandler>(handler);
            });
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(Ct);
        await CheckInHost.Eventually(() => Task.FromResult(handler.Started.Count == 2), TimeSpan.FromSeconds(20), "both items are running");

        var stopping = Stopwatch.StartNew();
        var stop = app.StopAsync(CancellationToken.None);
        handler.ReleaseQuick();
        await stop;
        stopping.Stop();

        var store = app.Services.GetRequiredService<IStatusBotStore>();
        await using (var session = await store.BeginAsync(Ct))
        {
            Assert.Equal(InboundWorkState.Done, (await session.InboundWork.GetAsync(quick!.Value, Ct))!.State);
            var handedBack = await session.InboundWork.GetAsync(stuck!.Value, Ct);
            Assert.Equal((InboundWorkState.Pending, 0), (handedBack!.State, handedBack.Attempts));
        }

        await app.DisposeAsync();
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Empty(logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));
    }

    private static InboundWork Work(string kind) =>
        new() { Kind = kind, WorkspaceId = "playground", Payload = "{}", CreatedAt = Seed.Now, NextAttemptAt = Seed.Now };

    /// <summary>"test.quick" waits for the test's go; "test.stuck" waits until cancelled (the end of the grace period).</summary>
    private sealed class GatedHandler : IInboundWorkHandler
    {
        private readonly TaskCompletionSource _quick = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<string> Started { get; } = [];

        public bool Handles(string kind) => kind.StartsWith("test.", StringComparison.Ordinal);

        public void ReleaseQuick() => _quick.TrySetResult();

        public async Task<InboundWorkResult> RunAsync(InboundWork work, CancellationToken cancellationToken)
        {
            Started.Add(work.Kind);
            if (work.Kind == "test.quick")
            {
                await _quick.Task;
                await Task.Delay(200, CancellationToken.None);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return InboundWorkResult.Nothing;
        }
    }
}

/// <summary>Keeps every log entry at Warning and above.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception.GetType().Name)));
            }
        }
    }
}
