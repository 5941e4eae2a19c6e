using Microsoft.Extensions.Time.Testing;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Startup;
using StatusBot.MicrosoftTeams.Tests.Fakes;

namespace StatusBot.MicrosoftTeams.Tests.Connector;

public sealed class BotAppTokenProviderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeBotConnector _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeBotConnector.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private BotAppTokenProvider Provider(string password = "app-password") => new(_http, new TeamsOptions
    {
        AppId = FakeBotFrameworkKeys.AppId,
        AppPassword = password,
        TenantId = FakeBotConnector.TenantId,
        TokenEndpoint = _fake.TokenEndpoint.ToString(),
    }, _time);

    [Fact]
    public async Task Client_credentials_for_the_bot_framework_scope_are_sent_to_the_tenants_endpoint()
    {
        var token = await Provider().GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("token-1", token);
        var form = Assert.Single(_fake.TokenForms);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(FakeBotFrameworkKeys.AppId, form["client_id"]);
        Assert.Equal("app-password", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires()
    {
        var provider = Provider();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("token-1", await provider.GetTokenAsync(ct));
        _time.Advance(TimeSpan.FromSeconds(3599) - BotAppTokenProvider.RefreshMargin - TimeSpan.FromSeconds(1));
        Assert.Equal("token-1", await provider.GetTokenAsync(ct));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await provider.GetTokenAsync(ct));
        Assert.Equal(2, _fake.TokenRequests);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_request()
    {
        var provider = Provider();
        _fake.TokenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 20).Select(_ => provider.GetTokenAsync(TestContext.Current.CancellationToken)).ToList();
        while (_fake.TokenRequests == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        _fake.TokenGate.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, token => Assert.Equal("token-1", token));
        Assert.Equal(1, _fake.TokenRequests);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_request()
    {
        var provider = Provider();
        _fake.TokenGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var first = provider.GetTokenAsync(impatient.Token);
        var second = provider.GetTokenAsync(TestContext.Current.CancellationToken);

        await impatient.CancelAsync();
        _fake.TokenGate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("token-1", await second);
        Assert.Equal(1, _fake.TokenRequests);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_entras_error_code_and_is_not_cached()
    {
        var provider = Provider("wrong");

        var error = await Assert.ThrowsAsync<BotConnectorException>(() => provider.GetTokenAsync(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<BotConnectorException>(() => provider.GetTokenAsync(TestContext.Current.CancellationToken));

        Assert.Equal("invalid_client", error.Code);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.Status);
        Assert.Equal(2, _fake.TokenRequests);
    }
}
