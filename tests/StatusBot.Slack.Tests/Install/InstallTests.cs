using System.Net;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Install;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Install;

public sealed class InstallTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Task<SlackHost> StartMultiWorkspaceAsync(StoreKind store = StoreKind.Sqlite, params string[] extraArgs) =>
        SlackHost.StartAsync(store, extraArgs: ["--Slack:ClientId", "111.222", "--Slack:ClientSecret", "client-secret", "--Slack:TokenEncryptionKey", Key, .. extraArgs]);

    /// <summary>A browser: keeps cookies, does not follow the redirect to Slack.</summary>
    private static HttpClient Browser(SlackHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = host.Http.BaseAddress };

    private static async Task<string> StateFromInstallRedirectAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("slack/install");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("https://slack.com/oauth/v2/authorize?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("111.222", query["client_id"].ToString());
        Assert.Contains("chat:write", query["scope"].ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/oauth/callback", query["redirect_uri"].ToString(), StringComparison.Ordinal);
        return query["state"].ToString();
    }

    /// <summary>Slack sends the browser back to the callback with the code and the state.</summary>
    private static Task<HttpResponseMessage> CallbackAsync(HttpClient browser, string state, string code = "the-code") =>
        browser.GetAsync($"slack/oauth/callback?code={code}&state={Uri.EscapeDataString(state)}", TestContext.Current.CancellationToken);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Add_to_slack_stores_the_token_encrypted_makes_the_installer_admin_and_uses_the_token_for_that_workspace(StoreKind store)
    {
        await using var host = await StartMultiWorkspaceAsync(store);
        host.Slack.BotTokens["xoxb-installed-token"] = "T0002";
        using var browser = Browser(host);
        var state = await StateFromInstallRedirectAsync(browser);

        using var callback = await CallbackAsync(browser, state);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        var exchange = Assert.Single(host.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal("the-code", exchange.Arg("code"));
        Assert.StartsWith("Basic ", exchange.Authorization, StringComparison.Ordinal);

        await using (var connection = await host.Database.Dialect.OpenAsync(TestContext.Current.CancellationToken))
        {
            var stored = await connection.QuerySingleAsync<string>("select encrypted_bot_token from workspace_installations where workspace_id = 'slack:T0002'");
            Assert.DoesNotContain("xoxb", stored, StringComparison.Ordinal);
        }

        await using (var session = await host.Database.Store.BeginAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal("Installed Co", (await session.Workspaces.GetAsync("slack:T0002", TestContext.Current.CancellationToken))!.Name);
            var installer = await session.People.FindByIdentityAsync("slack:T0002:UINSTALLER", TestContext.Current.CancellationToken);
            Assert.True(installer!.IsAdmin);
        }

        var platform = host.App.Services.GetServices<IChatPlatform>().Single(p => p.Platform == ChatPlatform.Slack);
        var result = await platform.SendAsync(Destination.Channel("slack:T0002:C9"), new ChatMessage("x", "hello", []), TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal("Bearer xoxb-installed-token", host.Slack.CallsTo("chat.postMessage")[0].Authorization);
    }

    [Fact]
    public async Task A_forged_or_missing_state_installs_nothing()
    {
        await using var host = await StartMultiWorkspaceAsync();

        using var forged = await host.Http.GetAsync("slack/oauth/callback?code=c&state=1700000000.abcd.0000", TestContext.Current.CancellationToken);
        using var missing = await host.Http.GetAsync("slack/oauth/callback?code=c", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Empty(host.Slack.CallsTo("oauth.v2.access"));
        await using var connection = await host.Database.Dialect.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from workspace_installations"));
    }

    [Fact]
    public async Task Slack_refusing_the_code_installs_nothing_and_says_why()
    {
        await using var host = await StartMultiWorkspaceAsync();
        host.Slack.FailNext("oauth.v2.access", error: "invalid_code");
        using var browser = Browser(host);
        var state = await StateFromInstallRedirectAsync(browser);

        using var callback = await CallbackAsync(browser, state, "old");

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Contains("invalid_code", await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await using var connection = await host.Database.Dialect.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from workspace_installations"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_replayed_or_cookieless_or_other_browsers_state_installs_nothing(StoreKind store)
    {
        await using var host = await StartMultiWorkspaceAsync(store);
        using var browser = Browser(host);
        using var otherBrowser = Browser(host);
        var state = await StateFromInstallRedirectAsync(browser);
        await StateFromInstallRedirectAsync(otherBrowser); // its own cookie, for its own state

        using var cookieless = await host.Http.GetAsync($"slack/oauth/callback?code=c&state={Uri.EscapeDataString(state)}", TestContext.Current.CancellationToken);
        using var wrongBrowser = await CallbackAsync(otherBrowser, state);
        using var first = await CallbackAsync(browser, state);

        // The callback clears the cookie; a replay that brings it back anyway (captured, or sent to another instance)
        // finds the state already used in the store.
        using var replay = new HttpRequestMessage(HttpMethod.Get, $"slack/oauth/callback?code=the-code&state={Uri.EscapeDataString(state)}");
        replay.Headers.Add("Cookie", $"{InstallState.CookieName}={state.Split('.')[1]}");
        using var replayed = await host.Http.SendAsync(replay, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, cookieless.StatusCode);
        Assert.Contains("not started in this browser", await cookieless.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongBrowser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("already used", await replayed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Single(host.Slack.CallsTo("oauth.v2.access"));
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_the_redirect_uri_is_the_configured_public_address()
    {
        await using var host = await StartMultiWorkspaceAsync(StoreKind.Sqlite, "--Digest:PublicBaseUrl", "https://statusbot.example.com/");

        // As a TLS-terminating proxy forwards it: plain http to the host, the public name in forwarded headers.
        using var install = new HttpRequestMessage(HttpMethod.Get, "slack/install");
        install.Headers.Add("X-Forwarded-Proto", "https");
        install.Headers.Add("X-Forwarded-Host", "statusbot.example.com");
        install.Headers.Add("X-Forwarded-For", "127.0.0.2");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };
        using var response = await noRedirects.SendAsync(install, TestContext.Current.CancellationToken);

        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("https://statusbot.example.com/slack/oauth/callback", query["redirect_uri"].ToString());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // The proxy passes the browser's cookie back; the code exchange names the same public redirect_uri.
        using var callback = new HttpRequestMessage(HttpMethod.Get, $"slack/oauth/callback?code=the-code&state={Uri.EscapeDataString(query["state"].ToString())}");
        callback.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var answered = await noRedirects.SendAsync(callback, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("https://statusbot.example.com/slack/oauth/callback", Assert.Single(host.Slack.CallsTo("oauth.v2.access")).Arg("redirect_uri"));
    }

    [Fact]
    public async Task A_reinstall_through_one_instance_is_seen_by_another_within_the_token_cache_lifetime()
    {
        await using var first = await StartMultiWorkspaceAsync(StoreKind.Postgres);
        await using var second = await StartMultiWorkspaceAsync(
            StoreKind.Postgres, "--ConnectionStrings:StatusBot", first.Database.ConnectionString, "--Slack:TokenCacheLifetime", "00:00:01");
        first.Slack.BotTokens["xoxb-installed-token"] = "T0002";
        second.Slack.BotTokens["xoxb-installed-token"] = "T0002";
        second.Slack.BotTokens["xoxb-reinstalled-token"] = "T0002";
        var platform = second.App.Services.GetServices<IChatPlatform>().Single(p => p.Platform == ChatPlatform.Slack);
        async Task<string> SendFromSecondAsync()
        {
            var result = await platform.SendAsync(Destination.Channel("slack:T0002:C9"), new ChatMessage("x", "hello", []), TestContext.Current.CancellationToken);
            Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
            return second.Slack.CallsTo("chat.postMessage")[^1].Authorization;
        }

        using (var browser = Browser(first))
        {
            Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(browser, await StateFromInstallRedirectAsync(browser))).StatusCode);
        }

        Assert.Equal("Bearer xoxb-installed-token", await SendFromSecondAsync());

        first.Slack.OAuthGrant["access_token"] = "xoxb-reinstalled-token";
        using (var browser = Browser(first))
        {
            Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(browser, await StateFromInstallRedirectAsync(browser))).StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        Assert.Equal("Bearer xoxb-reinstalled-token", await SendFromSecondAsync());
    }

    [Fact]
    public void Tokens_encrypted_for_one_workspace_do_not_decrypt_for_another_or_with_another_key()
    {
        var protector = SlackTokenProtector.FromBase64(Key);
        var stored = protector.Protect("T1", "xoxb-secret");

        Assert.Equal("xoxb-secret", protector.Unprotect("T1", stored));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("T2", stored));
        Assert.ThrowsAny<CryptographicException>(() => SlackTokenProtector.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Unprotect("T1", stored));
        Assert.NotEqual(stored, protector.Protect("T1", "xoxb-secret"));
    }
}
