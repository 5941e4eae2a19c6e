using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Storage;
using StatusBot.Slack.Signing;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Slack;

/// <summary>
/// How long a person waits for the bot's reply to a DM: from the signed event's POST to the reply's
/// <c>chat.postMessage</c> arriving at the fake Slack, one DM at a time, at random moments (so the outbox's polls are
/// met at every phase), on the embedded default store. The reply is queued by the inbound worker and sent by the outbox.
/// </summary>
internal static class ReplyLatencyBenchmark
{
    private const string Secret = "bench-signing-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        await using var slack = await FakeSlack.StartAsync();
        await using var database = await TestDatabase.CreateEmptyAsync(StoreKind.Sqlite);
        var (app, http) = await BenchHost.StartAsync(
            [
                "--Storage:Provider", "Sqlite",
                "--ConnectionStrings:StatusBot", database.ConnectionString,
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--Slack:SigningSecret", Secret,
                "--Slack:BotToken", FakeSlack.BotToken,
                "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            ],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await using (app)
        using (http)
        {
            await using (var session = await app.Services.GetRequiredService<IStatusBotStore>().BeginAsync(CancellationToken.None))
            {
                var workspaceId = $"slack:{FakeSlack.TeamId}";
                await Seed.WorkspaceAsync(session, workspaceId);
                for (var i = 0; i < count; i++)
                {
                    await Seed.PersonAsync(session, User(i), workspaceId);
                }

                await session.CommitAsync(CancellationToken.None);
            }

            var signer = new SlackSignatureVerifier(Secret, TimeProvider.System);
            var random = new Random(42);
            var latencies = new List<double>();
            for (var i = 0; i < count; i++)
            {
                // A random moment relative to the outbox's 1 s poll.
                await Task.Delay(random.Next(0, 1000));
                var clock = Stopwatch.StartNew();
                using (var response = await PostEventAsync(http, signer, DirectMessage(i)))
                {
                    response.EnsureSuccessStatusCode();
                }

                var channel = Channel(i);
                while (!slack.CallsTo("chat.postMessage").Any(call => call.Arg("channel") == channel))
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        Console.Error.WriteLine($"replies: no reply to DM {i} within 30 s");
                        return 1;
                    }

                    await Task.Delay(1);
                }

                // Warm-up: the first few replies compile the path.
                if (i >= Math.Min(10, count / 10))
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            latencies.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"replies: {latencies.Count} DMs (after {count - latencies.Count} uncounted): DM to reply p50 {BenchHost.Percentile(latencies, 0.50):F0} ms, p90 {BenchHost.Percentile(latencies, 0.90):F0} ms, p99 {BenchHost.Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
            await app.StopAsync();
            return 0;
        }
    }

    // One person per DM, each in their own DM channel (Slack limits posts to one channel to about one a second, and the
    // client paces them), every one known to the bot beforehand: the first DM of a person the bot has not met also looks
    // them up (users.info, about 100 a minute, paced too). Neither is what this run measures.
    private static string Channel(int n) => string.Create(CultureInfo.InvariantCulture, $"D{n:D6}");

    private static string User(int n) => string.Create(CultureInfo.InvariantCulture, $"U{n:D6}");

    private static JsonObject DirectMessage(int n) => new()
    {
        ["type"] = "event_callback",
        ["team_id"] = FakeSlack.TeamId,
        ["api_app_id"] = "A0001",
        ["event_id"] = string.Create(CultureInfo.InvariantCulture, $"EvReply{n:D6}"),
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["event"] = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = Channel(n),
            ["channel_type"] = "im",
            ["user"] = User(n),
            ["text"] = "help",
            ["ts"] = string.Create(CultureInfo.InvariantCulture, $"1700000000.{n:D6}"),
        },
    };

    private static async Task<HttpResponseMessage> PostEventAsync(HttpClient http, SlackSignatureVerifier signer, JsonObject envelope)
    {
        var body = envelope.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "slack/events") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signer.Sign(timestamp, body));
        return await http.SendAsync(request);
    }
}
