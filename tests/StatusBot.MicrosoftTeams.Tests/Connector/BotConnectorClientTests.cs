using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Startup;
using StatusBot.MicrosoftTeams.Tests.Fakes;

namespace StatusBot.MicrosoftTeams.Tests.Connector;

/// <summary>The Connector calls against a fake Bot Connector on loopback that checks the app token and records every request.</summary>
public sealed class BotConnectorClientTests : IAsyncLifetime
{
    private const string ChannelThread = "19:abc@thread.tacv2;messageid=1700000000000";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeBotConnector _fake = null!;
    private BotConnectorClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeBotConnector.StartAsync();
        var tokens = new BotAppTokenProvider(_http, new TeamsOptions
        {
            AppId = FakeBotFrameworkKeys.AppId,
            AppPassword = "app-password",
            TenantId = FakeBotConnector.TenantId,
            TokenEndpoint = _fake.TokenEndpoint.ToString(),
        }, _time);
        _client = new BotConnectorClient(_http, tokens, _time);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    [Fact]
    public async Task Sending_posts_the_activity_to_the_conversation_with_the_app_token()
    {
        var id = await _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message("hello"), TestContext.Current.CancellationToken);

        Assert.Equal("activity-1", id);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/teams/v3/conversations/a:1-personal/activities", request.Path);
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Equal("hello", request.Body!["text"]!.ToString());
    }

    [Fact]
    public async Task A_reply_into_a_channel_thread_escapes_the_conversation_id()
    {
        await _client.ReplyAsync(_fake.ServiceUrl, ChannelThread, "1700000000000", Message("digest"), TestContext.Current.CancellationToken);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal($"/teams/v3/conversations/{ChannelThread}/activities/1700000000000", request.Path);
        Assert.Contains("19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal("1700000000000", request.Body!["replyToId"]!.ToString());
    }

    [Fact]
    public async Task Creating_a_one_on_one_conversation_sends_the_bot_the_member_and_both_tenant_forms()
    {
        var created = await _client.CreateConversationAsync(
            _fake.ServiceUrl, new OneOnOneConversation("28:" + FakeBotFrameworkKeys.AppId, "29:1abc", FakeBotConnector.TenantId), TestContext.Current.CancellationToken);

        Assert.Equal("a:1-personal-29:1abc", created.Id);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/teams/v3/conversations", request.Path);
        Assert.Equal("28:" + FakeBotFrameworkKeys.AppId, request.Body!["bot"]!["id"]!.ToString());
        Assert.Equal("29:1abc", request.Body["members"]![0]!["id"]!.ToString());
        Assert.False(request.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal(FakeBotConnector.TenantId, request.Body["tenantId"]!.ToString());
        Assert.Equal(FakeBotConnector.TenantId, request.Body["channelData"]!["tenant"]!["id"]!.ToString());
    }

    [Fact]
    public async Task Updating_puts_the_activity_under_its_id()
    {
        await _client.UpdateAsync(_fake.ServiceUrl, "a:1-personal", "activity-9", Message("recorded"), TestContext.Current.CancellationToken);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/teams/v3/conversations/a:1-personal/activities/activity-9", request.Path);
        Assert.Equal("activity-9", request.Body!["id"]!.ToString());
    }

    [Fact]
    public async Task One_token_serves_many_calls()
    {
        for (var i = 0; i < 5; i++)
        {
            await _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message($"m{i}"), TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, _fake.TokenRequests);
        Assert.All(_fake.Requests, request => Assert.Equal("Bearer token-1", request.Authorization));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "7", 7)]
    [InlineData(HttpStatusCode.PreconditionFailed, null, null)]
    [InlineData(HttpStatusCode.BadGateway, null, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "2", 2)]
    [InlineData(HttpStatusCode.GatewayTimeout, null, null)]
    public async Task Throttling_and_brief_outages_are_retryable_with_the_servers_retry_after(HttpStatusCode status, string? retryAfter, int? seconds)
    {
        _fake.FailNext(status, retryAfter);

        var error = await Assert.ThrowsAsync<BotConnectorRetryableException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message("x"), TestContext.Current.CancellationToken));

        Assert.Equal(status, error.Status);
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), error.RetryAfter);
        Assert.Equal("activity-1", await _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message("x"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_on_the_injected_clock()
    {
        _fake.FailNext(HttpStatusCode.TooManyRequests, _time.GetUtcNow().AddSeconds(30).ToString("R"));

        var error = await Assert.ThrowsAsync<BotConnectorRetryableException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message("x"), TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task A_blocked_bot_is_a_final_error_with_the_connectors_code()
    {
        _fake.FailNext(HttpStatusCode.Forbidden, body: """{"error":{"code":"MessageWritesBlocked","message":"Thread is blocked"}}""");

        var error = await Assert.ThrowsAsync<BotConnectorException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1-personal", Message("x"), TestContext.Current.CancellationToken));

        Assert.IsNotType<BotConnectorRetryableException>(error);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("MessageWritesBlocked", error.Code);
    }
}
