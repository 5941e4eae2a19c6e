using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Host;
using StatusBot.Slack.Signing;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Fakes;

/// <summary>
/// The real StatusBot host on loopback with Slack configured against a <see cref="FakeSlack"/>, test stand-ins for
/// the core's inbound ports, and helpers that send requests signed the way Slack signs them.
/// </summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-0123456789";

    private readonly TestDatabase _database;

    private SlackHost(WebApplication app, FakeSlack slack, TestDatabase database, EchoCommandHandler commands, RecordingDirectMessageHandler directMessages, ScriptedInteractionHandler interactions)
    {
        Commands = commands;
        DirectMessages = directMessages;
        Interactions = interactions;
        App = app;
        Slack = slack;
        _database = database;
        Http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0].TrimEnd('/') + "/") };
        Signer = new SlackSignatureVerifier(SigningSecret, TimeProvider.System);
    }

    public WebApplication App { get; }
    public FakeSlack Slack { get; }
    public HttpClient Http { get; }
    public EchoCommandHandler Commands { get; }
    public RecordingDirectMessageHandler DirectMessages { get; }
    public ScriptedInteractionHandler Interactions { get; }
    internal SlackSignatureVerifier Signer { get; }
    public TestDatabase Database => _database;

    public static async Task<SlackHost> StartAsync(StoreKind store = StoreKind.Sqlite, FakeSlack? slack = null, params string[] extraArgs)
    {
        slack ??= await FakeSlack.StartAsync();
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
            .. extraArgs,
        ];
        var handlers = (Commands: new EchoCommandHandler(), DirectMessages: new RecordingDirectMessageHandler(), Interactions: new ScriptedInteractionHandler());
        var app = StatusBotApp.Build(args, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<ICommandHandler>(handlers.Commands);
            builder.Services.AddSingleton<IDirectMessageHandler>(handlers.DirectMessages);
            builder.Services.AddSingleton<IInteractionHandler>(handlers.Interactions);
        });
        await app.StartAsync();
        var host = new SlackHost(app, slack, database, handlers.Commands, handlers.DirectMessages, handlers.Interactions);
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>Migrations run in the background at start; requests that touch the store wait for /readyz.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync("readyz");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The host did not become ready (store migrations)");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A slash command as Slack posts it (form-encoded), signed now unless told otherwise.</summary>
    public Task<HttpResponseMessage> PostCommandAsync(string text, string userId = "U100", string responseId = "cmd1", Signature signature = Signature.Valid) =>
        PostSignedAsync("slack/commands", Form(new()
        {
            ["team_id"] = FakeSlack.TeamId,
            ["team_domain"] = "acme",
            ["channel_id"] = "C200",
            ["channel_name"] = "program-x",
            ["user_id"] = userId,
            ["user_name"] = "ada",
            ["command"] = "/statusbot",
            ["text"] = text,
            ["response_url"] = Slack.ResponseUrl(responseId),
            ["trigger_id"] = "1337.42.abcd",
            ["api_app_id"] = "A0001",
        }), "application/x-www-form-urlencoded", signature);

    public Task<HttpResponseMessage> PostInteractionAsync(JsonObject payload, Signature signature = Signature.Valid) =>
        PostSignedAsync("slack/interactions", Form(new() { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded", signature);

    public async Task<HttpResponseMessage> PostEventAsync(JsonObject envelope, int? retryNum = null, Signature signature = Signature.Valid)
    {
        return await PostSignedAsync("slack/events", envelope.ToJsonString(), "application/json", signature, retryNum);
    }

    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, Signature signature, int? retryNum = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = (signature == Signature.Stale ? now - 301 : now).ToString(CultureInfo.InvariantCulture);
        if (signature != Signature.None)
        {
            var signed = Signer.Sign(timestamp, signature == Signature.WrongBody ? body + "&tampered=1" : body);
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", signed);
        }

        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await Http.SendAsync(request);
    }

    public static string Form(Dictionary<string, string> fields) =>
        string.Join('&', fields.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
}

/// <summary>How a test request is signed.</summary>
public enum Signature
{
    Valid,
    None,
    Stale,
    WrongBody,
}
