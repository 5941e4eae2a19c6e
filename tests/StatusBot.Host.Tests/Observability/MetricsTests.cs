using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Data;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Observability;

/// <summary>Metrics are process-wide meters: these tests run alone, so no other test's host records into their scrapes.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// <c>/metrics</c> through the real host on loopback: a scripted scenario (playground commands, a check-in opened by its
/// scheduled job, prompts sent through the outbox, answers on time and late, refused Slack requests) moves each counter
/// by exactly what happened; the endpoint is off by default and refused to a forwarded caller without the token.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests
{
    private const string MetricsToken = "metrics-token-0123456789abcdef";

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_scripted_scenario_moves_each_counter_by_what_happened(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(kind);
        await using var host = await RunningHost.StartAsync(
            $"Storage:Provider={db.Provider}",
            $"ConnectionStrings:StatusBot={db.ConnectionString}",
            "Metrics:Enabled=true",
            "Playground:Enabled=true",
            "Slack:SigningSecret=metrics-test-signing-secret",
            "Slack:BotToken=xoxb-metrics-test",
            "Slack:ApiBaseUrl=http://127.0.0.1:1/api/",
            "Outbox:IdleDelay=00:00:00.100",
            "Logging:LogLevel:Default=Warning");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        foreach (var command in new[]
        {
            "program create Apollo", "team add Payments to Apollo", "team members Payments @alice @bob",
            "team schedule Payments monday 09:00 Europe/Berlin window 24h remind 4h",
        })
        {
            Assert.DoesNotContain("data-kind=\"command.error\"", await CommandAsync(host, "tina", command), StringComparison.Ordinal);
        }

        var store = host.Services.GetRequiredService<IStatusBotStore>();
        await DrainedAsync(host);
        var lastRowBefore = await ScalarAsync(host, "select coalesce(max(id), 0) from outbox");
        var before = await ScrapeAsync(host.Client);

        // The check-in opens through the scheduler's own job, as at the slot (late: the slot was this week's Monday).
        long teamId;
        CheckInSchedule schedule;
        await using (var session = await store.BeginAsync(Ct))
        {
            var program = (await session.Programs.FindByNameAsync("playground", "Apollo", Ct))!;
            teamId = (await session.Teams.FindByNameAsync(program.Id, "Payments", Ct))!.Id;
            schedule = (await session.Teams.GetScheduleAsync(teamId, Ct))!;
        }

        var slot = CheckInClock.PreviousSlot(schedule, DateTimeOffset.UtcNow);
        await using (var session = await store.BeginAsync(Ct))
        {
            // The demo's schedule was just set; a schedule set after a slot starts the week after, so it dates from before.
            await session.Teams.SetScheduleAsync(schedule with { UpdatedAt = slot.OpensAt.AddDays(-7) }, Ct);
            await session.CommitAsync(Ct);
        }

        var enqueuedAt = DateTimeOffset.UtcNow;
        new BackgroundJobClient(host.Services.GetRequiredService<JobStorage>())
            .Enqueue<OpenCheckInsJob>(job => job.RunAsync(slot.OpensAt, CancellationToken.None));
        CheckInCycle? cycle = null;
        await CheckIns.CheckInHost.Eventually(
            async () =>
            {
                await using var session = await store.BeginAsync(Ct);
                cycle = await session.CheckIns.FindLatestCycleAsync(teamId, Ct);
                return cycle is not null;
            },
            TimeSpan.FromSeconds(30),
            "the scheduled job opens the cycle");
        var openedBy = DateTimeOffset.UtcNow;
        await DrainedAsync(host);

        // Alice answers in time; the cycle closes (the close job's own code); Bob answers late.
        Assert.Contains("data-kind=\"checkin.confirmation\"", await DmAsync(host, "alice", "on track\nprogress: ledger API done"), StringComparison.Ordinal);
        Assert.True(await host.Services.GetRequiredService<CloseCycle>().CloseAsync(cycle!.Id, Ct));
        Assert.Contains("data-kind=\"checkin.confirmation\"", await DmAsync(host, "bob", "at risk\nprogress: waiting on review"), StringComparison.Ordinal);

        // Commands: two that work, one unknown, one refused.
        await CommandAsync(host, "tina", "status Apollo");
        await CommandAsync(host, "tina", "status Apollo");
        await CommandAsync(host, "tina", "frobnicate the ledger");
        Assert.Contains("command.refused", await CommandAsync(host, "alice", "program create Zeus"), StringComparison.Ordinal);

        // Slack requests refused before use: a wrong signature, and a body over the endpoint's limit.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SlackAsync(host, "command=%2Fstatusbot&text=help")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SlackAsync(host, new string('a', (1024 * 1024) + 1))).StatusCode);

        await DrainedAsync(host);
        var created = await ScalarAsync(host, $"select count(*) from outbox where id > {lastRowBefore}");
        var delivered = await ScalarAsync(host, $"select count(*) from outbox where id > {lastRowBefore} and state = 'Delivered'");
        var after = await ScrapeAsync(host.Client);
        string Describe() => $"scrape after the scenario:\n{after.Text}";

        Assert.True(after.Has("statusbot_outbox_enqueued_total"), Describe());
        Assert.Equal(2, after.Delta(before, "statusbot_outbox_enqueued_total", "platform=playground", "kind=checkin.prompt"));
        Assert.Equal(created, after.Delta(before, "statusbot_outbox_enqueued_total"));
        Assert.Equal(2, after.Delta(before, "statusbot_outbox_sent_total", "platform=playground", "kind=checkin.prompt"));
        Assert.Equal(delivered, after.Delta(before, "statusbot_outbox_sent_total"));
        Assert.Equal(created, delivered);
        Assert.Equal(0, after.Delta(before, "statusbot_outbox_failed_total"));

        Assert.Equal(1, after.Delta(before, "statusbot_answers_recorded_total", "timing=on_time"));
        Assert.Equal(1, after.Delta(before, "statusbot_answers_recorded_total", "timing=late"));

        Assert.Equal(2, after.Delta(before, "statusbot_command_duration_seconds_count", "verb=status", "outcome=ok"));
        Assert.Equal(1, after.Delta(before, "statusbot_command_duration_seconds_count", "verb=unknown", "outcome=not_found"));
        Assert.Equal(1, after.Delta(before, "statusbot_command_duration_seconds_count", "verb=program create", "outcome=refused"));
        Assert.Equal(4, after.Delta(before, "statusbot_command_duration_seconds_count"));
        Assert.Equal(2, after.Delta(before, "statusbot_digest_build_duration_seconds_count", "kind=preview"));

        Assert.Equal(1, after.Delta(before, "statusbot_checkin_slot_lateness_seconds_count"));
        var lateness = after.Delta(before, "statusbot_checkin_slot_lateness_seconds_sum");
        Assert.InRange(lateness, (enqueuedAt - slot.OpensAt).TotalSeconds - 1, (openedBy - slot.OpensAt).TotalSeconds + 1);

        Assert.Equal(1, after.Delta(before, "statusbot_inbound_refused_total", "platform=slack", "reason=signature"));
        Assert.Equal(1, after.Delta(before, "statusbot_inbound_refused_total", "platform=slack", "reason=size"));

        // The gauges read the store (cached a few seconds): everything was delivered, so nothing is pending or waiting.
        await CheckIns.CheckInHost.Eventually(
            async () => (await ScrapeAsync(host.Client)) is var now && now.Has("statusbot_outbox_depth") && now.Value("statusbot_outbox_depth") == 0
                && now.Value("statusbot_outbox_oldest_due_age_seconds") == 0,
            TimeSpan.FromSeconds(15),
            "the outbox gauges read an empty outbox",
            async () => (await ScrapeAsync(host.Client)).Text);
    }

    [Fact]
    public async Task Metrics_are_off_by_default_and_answer_only_local_callers_or_the_token()
    {
        await using (var off = await RunningHost.StartAsync(SqliteFile()))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.Client.GetAsync("/metrics", Ct)).StatusCode);
        }

        await using (var local = await RunningHost.StartAsync(SqliteFile(), "Metrics:Enabled=true"))
        {
            Assert.Equal(HttpStatusCode.OK, (await local.Client.GetAsync("/metrics", Ct)).StatusCode);
            // A proxy on this machine relays someone else: the connection is loopback, the caller is not.
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(local.Client, forwardedFor: "203.0.113.7")).StatusCode);
        }

        await using var withToken = await RunningHost.StartAsync(SqliteFile(), "Metrics:Enabled=true", $"Metrics:Token={MetricsToken}");
        var refused = await SendAsync(withToken.Client, forwardedFor: "203.0.113.7");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("statusbot_", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(withToken.Client, forwardedFor: "203.0.113.7", token: MetricsToken + "x")).StatusCode);
        var opened = await SendAsync(withToken.Client, forwardedFor: "203.0.113.7", token: MetricsToken);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.StartsWith("text/plain", opened.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    private static string SqliteFile() =>
        $"ConnectionStrings:StatusBot=Data Source={Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db")}";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? forwardedFor = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Scrape(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Waits until nothing in the outbox is pending (every queued message was sent).</summary>
    private static Task DrainedAsync(RunningHost host) =>
        CheckIns.CheckInHost.Eventually(
            async () => await ScalarAsync(host, "select count(*) from outbox where state = 'Pending'") == 0,
            TimeSpan.FromSeconds(30),
            "the outbox is drained");

    private static async Task<long> ScalarAsync(RunningHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<DapperStore>().Dialect.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: Ct));
    }

    private static async Task<HttpResponseMessage> SlackAsync(RunningHost host, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", "1700000000");
        request.Headers.Add("X-Slack-Signature", "v0=0000000000000000000000000000000000000000000000000000000000000000");
        return await host.Client.SendAsync(request, Ct);
    }

    private static async Task<string> CommandAsync(RunningHost host, string who, string text) =>
        (await PostAsync(host, "/playground/api/command", new { @as = who, text })).GetProperty("html").GetString()!;

    private static async Task<string> DmAsync(RunningHost host, string who, string text) =>
        (await PostAsync(host, "/playground/api/dm", new { @as = who, text })).GetProperty("html").GetString()!;

    private static async Task<JsonElement> PostAsync(RunningHost host, string path, object body)
    {
        var response = await host.Client.PostAsJsonAsync(path, body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
