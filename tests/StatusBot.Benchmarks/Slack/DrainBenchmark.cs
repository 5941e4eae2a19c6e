using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Install;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Benchmarks.Slack;

/// <summary>
/// Drains N check-in prompts (DMs to distinct people, spread over W workspaces) through the real Slack adapter
/// against the fake Slack enforcing the published chat.postMessage limits, the way the outbox worker does:
/// delivered → done, rate limited → retry after Retry-After, transient → retry. Reports achieved ÷ allowed rate,
/// lost and duplicated messages, and how many 429s the fake had to send.
/// </summary>
internal static class DrainBenchmark
{
    private const int Workers = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var prompts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var workspaces = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;

        await using var slack = await FakeSlack.StartAsync();
        slack.EnforceLimits = true;
        var file = Path.Combine(Path.GetTempPath(), $"statusbot-bench-{Guid.NewGuid():N}.db");
        var (app, http) = await BenchHost.StartAsync(
            [
                "--ConnectionStrings:StatusBot", $"Data Source={file}",
                "--Scheduling:Enabled", "false",
                "--Slack:SigningSecret", "bench-secret",
                "--Slack:ClientId", "1.2", "--Slack:ClientSecret", "bench",
                "--Slack:TokenEncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            ],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await using (app)
        using (http)
        {
            await InstallAsync(app.Services, slack, workspaces);
            var platform = app.Services.GetServices<IChatPlatform>().Single(p => p.Platform == ChatPlatform.Slack);
            var result = await DrainAsync(platform, prompts, workspaces);

            var posts = slack.CallsTo("chat.postMessage");
            var distinct = posts.Select(c => (c.Authorization, c.Arg("channel"))).Distinct().Count();
            var duplicated = posts.Count - distinct;
            var lost = prompts - distinct;
            // What the fake would have accepted in that time: each workspace's burst plus its steady rate.
            var perWorkspacePerSecond = slack.PostMessagePerWorkspacePerMinute / 60;
            var allowedPerSecond = workspaces * (perWorkspacePerSecond + (Math.Max(1, perWorkspacePerSecond) / result.Elapsed.TotalSeconds));
            var achieved = prompts / result.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slack-drain: {prompts} prompts over {workspaces} workspaces in {result.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allowed {allowedPerSecond:F1}/s (fake: {slack.PostMessagePerWorkspacePerMinute}/min per workspace with a 1 s burst, 1/s per channel), achieved {achieved:F1}/s, ratio {achieved / allowedPerSecond:F3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lost {lost}, duplicated {duplicated}, 429s from Slack {slack.RateLimitedAnswers}, client-side waits handed back {result.Requeued}, permanent failures {result.Permanent}"));
            return lost == 0 && duplicated == 0 ? 0 : 1;
        }
    }

    private static async Task InstallAsync(IServiceProvider services, FakeSlack slack, int workspaces)
    {
        var installations = services.GetRequiredService<IWorkspaceInstallationRepository>();
        var protector = services.GetRequiredService<SlackTokenProtector>();
        for (var w = 0; w < workspaces; w++)
        {
            var team = Team(w);
            var token = $"xoxb-bench-{w}";
            slack.BotTokens[token] = team;
            await installations.UpsertAsync(
                new WorkspaceInstallation
                {
                    WorkspaceId = $"slack:{team}",
                    WorkspaceName = team,
                    BotUserId = "UBOT",
                    EncryptedBotToken = protector.Protect(team, token),
                    InstalledByUserId = "U0",
                    InstalledAt = DateTimeOffset.UnixEpoch,
                },
                CancellationToken.None);
        }
    }

    private static async Task<(TimeSpan Elapsed, int Requeued, int Permanent)> DrainAsync(IChatPlatform platform, int prompts, int workspaces)
    {
        var queue = Channel.CreateUnbounded<(int Id, long NotBefore)>();
        for (var i = 0; i < prompts; i++)
        {
            queue.Writer.TryWrite((i, 0));
        }

        var remaining = prompts;
        var requeued = 0;
        var permanent = 0;
        var clock = Stopwatch.StartNew();
        var message = new ChatMessage("checkin.prompt", "Time for your check-in", [new HeaderBlock("Weekly check-in"), new ActionsBlock([new ButtonAction("Answer", "checkin.open", "cycle:1", ButtonStyle.Primary)])]);

        async Task WorkAsync()
        {
            await foreach (var (id, notBefore) in queue.Reader.ReadAllAsync())
            {
                var wait = notBefore - clock.ElapsedMilliseconds;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                var destination = Destination.DirectMessage($"slack:{Team(id % workspaces)}:U{id:D6}");
                var result = await platform.SendAsync(destination, message, CancellationToken.None);
                switch (result.Outcome)
                {
                    case DeliveryOutcome.RateLimited:
                        Interlocked.Increment(ref requeued);
                        queue.Writer.TryWrite((id, clock.ElapsedMilliseconds + (long)(result.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalMilliseconds));
                        continue;
                    case DeliveryOutcome.TransientFailure:
                        queue.Writer.TryWrite((id, clock.ElapsedMilliseconds + 1000));
                        continue;
                    case DeliveryOutcome.PermanentFailure:
                        Interlocked.Increment(ref permanent);
                        break;
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    queue.Writer.TryComplete();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));
        return (clock.Elapsed, requeued, permanent);
    }

    private static string Team(int index) => string.Create(CultureInfo.InvariantCulture, $"TB{index:D3}");
}
