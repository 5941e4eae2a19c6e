using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Data.Dialects;
using StatusBot.Slack.Signing;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Slack.WebApi;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Slack;

/// <summary>
/// Signed <c>view_submission</c> answers per second and their acknowledgement latency on PostgreSQL (each answer is
/// one insert before the ack), next to a bare 200-OK endpoint on the same host with the same load, then checks that
/// every acknowledged answer is stored.
/// </summary>
internal static class AckBenchmark
{
    private const string Secret = "bench-signing-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var variant = args.Length > 2 ? Enum.Parse<AckVariant>(args[2], ignoreCase: true) : AckVariant.Full;

        await using var slack = await FakeSlack.StartAsync();
        await using var database = await TestDatabase.CreateEmptyAsync(StoreKind.Postgres);
        var (app, http) = await BenchHost.StartAsync(
            [
                "--Storage:Provider", "Postgres",
                "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                "--Scheduling:Enabled", "false",
                "--ConnectionStrings:StatusBot", database.ConnectionString,
                "--Slack:SigningSecret", Secret,
                "--Slack:BotToken", FakeSlack.BotToken,
                "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            ],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton<IInteractionHandler>(provider => new StoringInteractionHandler(
                    provider.GetRequiredService<SqlDialect>(), provider.GetRequiredService<TimeProvider>(), variant));
                // Confirmations go to the fake at full speed: this run measures the acknowledgement path, not Slack's limits.
                builder.Services.AddSingleton(new SlackRateLimits { PostMessagePerWorkspacePerMinute = 1e9, PostMessagePerChannelPerSecond = 1e9 });
                builder.Services.AddSingleton<IStartupFilter, BareEndpointFilter>();
            });
        await using (app)
        using (http)
        {
            var dialect = app.Services.GetRequiredService<SqlDialect>();
            await using (var connection = await dialect.OpenAsync(CancellationToken.None))
            {
                await connection.ExecuteAsync("create table bench_answers (id bigserial primary key, person text not null, form_id text not null, answer text not null, received_at timestamptz not null)");
            }

            var signer = new SlackSignatureVerifier(Secret, TimeProvider.System);
            var bare = await LoadAsync(http, "bench/ok", clients, seconds, _ => ("{}", null));
            var answers = await LoadAsync(http, "slack/interactions", clients, seconds, n =>
            {
                var body = "payload=" + Uri.EscapeDataString(Submission(n).ToJsonString());
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return (body, (timestamp, signer.Sign(timestamp, body)));
            });

            long stored;
            await using (var connection = await dialect.OpenAsync(CancellationToken.None))
            {
                stored = await connection.ExecuteScalarAsync<long>("select count(*) from bench_answers");
            }

            Print("bare 200 endpoint     ", bare);
            Print($"signed view_submission ({variant})", answers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  acknowledged {answers.Ok}, stored {stored}, refused {answers.Failed}"));
            return stored == answers.Ok || variant == AckVariant.AckOnly ? 0 : 1;
        }
    }

    private static void Print(string name, LoadResult result) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {result.Ok / result.Seconds:F0} req/s, p50 {BenchHost.Percentile(result.LatenciesMs, 0.50):F2} ms, p99 {BenchHost.Percentile(result.LatenciesMs, 0.99):F2} ms ({result.Ok} ok, {result.Failed} failed)"));

    private static JsonObject Submission(long n) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
        ["user"] = new JsonObject { ["id"] = string.Create(CultureInfo.InvariantCulture, $"U{n:D8}"), ["team_id"] = FakeSlack.TeamId },
        ["view"] = new JsonObject
        {
            ["callback_id"] = "statusbot.form",
            ["private_metadata"] = "checkin:1",
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    ["status"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = "on_track" } } },
                    ["progress"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Shipped the importer; next the exporter." } },
                },
            },
        },
    };

    private static async Task<LoadResult> LoadAsync(HttpClient http, string path, int clients, int seconds, Func<long, (string Body, (string Timestamp, string Signature)? Signed)> request)
    {
        var latencies = new List<double>[clients];
        long counter = 0;
        long ok = 0;
        long failed = 0;
        var until = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(seconds * 2000);
            while (Stopwatch.GetTimestamp() < until)
            {
                var (body, signed) = request(Interlocked.Increment(ref counter));
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
                if (signed is { } s)
                {
                    message.Headers.Add("X-Slack-Request-Timestamp", s.Timestamp);
                    message.Headers.Add("X-Slack-Signature", s.Signature);
                }

                var start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref ok : ref failed);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new LoadResult(ok, failed, elapsed, all);
    }

    /// <summary>Full: store + ack + DM confirmation; NoConfirmation: store + ack; AckOnly: verify, parse and ack.</summary>
    private enum AckVariant
    {
        Full,
        NoConfirmation,
        AckOnly,
    }

    private sealed record LoadResult(long Ok, long Failed, double Seconds, List<double> LatenciesMs);

    /// <summary>Stores each answer (one insert) before the acknowledgement, like the core's answer recording.</summary>
    private sealed class StoringInteractionHandler(SqlDialect dialect, TimeProvider time, AckVariant variant) : IInteractionHandler
    {
        // An empty error set acknowledges without the background DM confirmation, to isolate the cost of each part.
        private static readonly FormResult s_noErrors = new FormResult.Invalid(new Dictionary<string, string>());

        public Task<ButtonResult> PressAsync(ButtonPress press, CancellationToken cancellationToken) =>
            Task.FromResult<ButtonResult>(new ButtonResult.None());

        public async Task<FormResult> SubmitAsync(FormSubmission submission, CancellationToken cancellationToken)
        {
            if (variant == AckVariant.AckOnly)
            {
                return s_noErrors;
            }

            await using var connection = await dialect.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into bench_answers (person, form_id, answer, received_at) values (@person, @form, @answer, @at)",
                new { person = submission.Caller.Identity, form = submission.FormId, answer = submission.Values.GetValueOrDefault("progress") ?? string.Empty, at = time.GetUtcNow() },
                cancellationToken: cancellationToken));
            if (variant == AckVariant.NoConfirmation)
            {
                return s_noErrors;
            }

            return new FormResult.Accepted(new ChatMessage("checkin.confirmation", "Saved", [new TextBlock("Saved, thanks.")]));
        }
    }

    /// <summary>A bare 200-OK endpoint on the same host, for scale.</summary>
    private sealed class BareEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/bench/ok")
                {
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
