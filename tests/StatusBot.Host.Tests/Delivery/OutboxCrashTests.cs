using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Delivery;

/// <summary>
/// SIGKILLs a process in the middle of draining 1,000 prompts to a loopback HTTP sink, starts it again, and
/// checks every prompt arrives. Duplicates are possible only for a message sent but not yet marked delivered
/// when the process died (see Core/Delivery/README.md): at most one per kill, since each is marked right after it is sent.
/// </summary>
public sealed class OutboxCrashTests
{
    private const int Prompts = 1000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Killing_the_drainer_mid_run_loses_no_prompt_and_duplicates_at_most_the_one_in_flight(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var session = await db.Store.BeginAsync(Ct))
        {
            for (var i = 0; i < Prompts; i++)
            {
                await session.Outbox.EnqueueAsync(
                    new OutboxMessage
                    {
                        WorkspaceId = "playground",
                        Destination = Destination.DirectMessage($"playground:u{i}"),
                        Message = new ChatMessage("checkin.prompt", "Weekly check-in", [new TextBlock("How is it going?")]),
                        DedupKey = $"crash:{i}",
                        CreatedAt = Seed.Now,
                        NextAttemptAt = Seed.Now,
                    },
                    Ct);
            }

            await session.CommitAsync(Ct);
        }

        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var sink = await StartSinkAsync(received);
        var sinkUrl = sink.Addresses()[0] + "/";

        using (var first = StartDrainChild(db, sinkUrl))
        {
            await CheckInHost.Eventually(() => Task.FromResult(received.Values.Sum() >= Prompts / 4), TimeSpan.FromSeconds(60), "a quarter of the prompts arrive");
            first.Kill(); // SIGKILL on Linux: no shutdown code runs
            await first.WaitForExitAsync(Ct);
        }

        var atKill = received.Values.Sum();
        using (var second = StartDrainChild(db, sinkUrl))
        {
            await CheckInHost.Eventually(
                async () =>
                {
                    await using var session = await db.Store.BeginAsync(Ct);
                    return await session.Outbox.CountAsync(OutboxState.Delivered, Ct) == Prompts;
                },
                TimeSpan.FromSeconds(120),
                "every prompt is marked delivered after the restart");
            second.Kill();
            await second.WaitForExitAsync(Ct);
        }

        var duplicates = received.Values.Sum() - Prompts;
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: killed after {atKill} deliveries; {Prompts} prompts delivered, {duplicates} duplicate(s)");
        TestContext.Current.SendDiagnosticMessage($"outbox crash test on {kind}: killed after {atKill} deliveries, {duplicates} duplicate(s)");
        Assert.True(atKill < Prompts, "the drainer was killed before it finished");
        Assert.Equal(Prompts, received.Count);
        Assert.All(Enumerable.Range(0, Prompts), i => Assert.True(received.ContainsKey($"playground:u{i}"), $"u{i} never got its prompt"));
        Assert.InRange(duplicates, 0, 1);
    }

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static async Task<WebApplication> StartSinkAsync(ConcurrentDictionary<string, int> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var sink = builder.Build();
        var id = 0;
        sink.MapPost("/messages", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            received.AddOrUpdate(body.RootElement.GetProperty("to").GetString()!, 1, (_, count) => count + 1);
            await Task.Delay(1); // a platform call takes time; it widens the window the kill can land in
            return Results.Text($"msg-{Interlocked.Increment(ref id)}");
        });
        await sink.StartAsync(Ct);
        return sink;
    }

    private static Process StartDrainChild(TestDatabase db, string sinkUrl)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "StatusBot.Benchmarks", "bin", configuration, "net10.0", "StatusBot.Benchmarks.dll"));
        Assert.True(File.Exists(dll), $"build tests/StatusBot.Benchmarks first: {dll} is missing");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", dll, "drain-child", "--provider", db.Provider.ToString(), "--connection", db.ConnectionString, "--sink", sinkUrl })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the drain child");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
