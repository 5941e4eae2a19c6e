using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using StatusBot.Host;
using StatusBot.Slack.Signing;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.EndToEnd;

/// <summary>
/// The real StatusBot host on loopback with the REAL core behind Slack (commands, check-in engine, outbox worker,
/// digest, Hangfire on the same store), talking to a <see cref="FakeSlack"/>; unlike <see cref="SlackHost"/> no inbound
/// port is replaced. Requests are signed the way Slack signs them.
/// </summary>
public sealed class ProgramSlackHost : IAsyncDisposable
{
    public const string SigningSecret = "e2e-signing-secret-0123456789";

    private readonly WebApplication _app;
    private readonly SlackSignatureVerifier _signer = new(SigningSecret, TimeProvider.System);
    private readonly SlackSignatureVerifier _forger = new("not-the-signing-secret", TimeProvider.System);

    private ProgramSlackHost(WebApplication app, FakeSlack slack, TestDatabase database)
    {
        _app = app;
        Slack = slack;
        Database = database;
        Http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0].TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeSlack Slack { get; }
    public TestDatabase Database { get; }
    public HttpClient Http { get; }

    /// <param name="admins">Workspace admins as identities (<c>slack:T0001:U…</c>).</param>
    public static async Task<ProgramSlackHost> StartAsync(StoreKind store, params string[] admins)
    {
        var slack = await FakeSlack.StartAsync();
        // Slack's published limits (per method tier, one message per second per channel) apply here as in production:
        // the client must pace itself and honour any 429, e.g. Ada's prompt and her confirmation DM in the same second.
        slack.EnforceLimits = true;
        var database = await TestDatabase.CreateEmptyAsync(store);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider", database.Provider.ToString(),
            "--ConnectionStrings:StatusBot", database.ConnectionString,
            "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
            "--Slack:SigningSecret", SigningSecret,
            "--Slack:BotToken", FakeSlack.BotToken,
            "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            "--Outbox:IdleDelay", "00:00:00.050",
            "--Logging:LogLevel:Default", "Warning",
            .. admins.SelectMany((admin, i) => new[] { $"--StatusBot:Admins:{i}", admin }),
        ];
        var app = StatusBotApp.Build(args);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var host = new ProgramSlackHost(app, slack, database);
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>Store migrations and the scheduler start in the background; requests wait for /readyz.</summary>
    private async Task WaitUntilReadyAsync()
    {
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await Http.GetAsync("readyz");
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(30),
            "the host reports ready (/readyz)");
    }

    /// <summary>A <c>/statusbot</c> slash command as Slack posts it, with the fake's <c>response_url</c> <paramref name="responseId"/>.</summary>
    public Task<HttpResponseMessage> CommandAsync(string userId, string userName, string text, string responseId) =>
        PostSignedAsync("slack/commands", SlackHost.Form(new()
        {
            ["token"] = "deprecated-verification-token",
            ["team_id"] = FakeSlack.TeamId,
            ["team_domain"] = "acme",
            ["channel_id"] = "CPROGRAM",
            ["channel_name"] = "apollo-program",
            ["user_id"] = userId,
            ["user_name"] = userName,
            ["command"] = "/statusbot",
            ["text"] = text,
            ["api_app_id"] = "A0001",
            ["response_url"] = Slack.ResponseUrl(responseId),
            ["trigger_id"] = $"trigger-{responseId}",
        }), "application/x-www-form-urlencoded");

    /// <param name="forged">Signed with another secret, as a forger without the app's signing secret would.</param>
    public Task<HttpResponseMessage> InteractionAsync(JsonObject payload, bool forged = false) =>
        PostSignedAsync("slack/interactions", SlackHost.Form(new() { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded", forged);

    public Task<HttpResponseMessage> EventAsync(JsonObject envelope) =>
        PostSignedAsync("slack/events", envelope.ToJsonString(), "application/json");

    private async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, bool forged = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", (forged ? _forger : _signer).Sign(timestamp, body));
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Slack.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Bounded polling for asynchronous effects (background queue, outbox worker): no fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> finds something; fails naming <paramref name="what"/> (and <paramref name="describe"/>'s view of the state) after <paramref name="timeout"/>.</summary>
    public static async Task<T> FindAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? describe = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#}s waiting until {what}" + (describe is null ? "." : $"; {describe()}"));
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null) =>
        FindAsync<object>(async () => await condition() ? new object() : null, timeout, what, describe);

    public static Task<T> Find<T>(Func<T?> probe, TimeSpan timeout, string what, Func<string>? describe = null)
        where T : class =>
        FindAsync(() => Task.FromResult(probe()), timeout, what, describe);
}
