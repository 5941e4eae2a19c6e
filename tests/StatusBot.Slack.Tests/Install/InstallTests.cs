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

    private static Task<SlackHost> StartMultiWorkspaceAsync(StoreKind store = StoreKind.Sqlite) =>
        SlackHost.StartAsync(store, extraArgs: ["--Slack:ClientId", "111.222", "--Slack:ClientSecret", "client-secret", "--Slack:TokenEncryptionKey", Key]);

    private static async Task<string> StateFromInstallRedirectAsync(SlackHost host)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };
        using var response = await client.GetAsync("slack/install");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("https://slack.com/oauth/v2/authorize?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("111.222", query["client_id"].ToString());
        Assert.Contains("chat:write", query["scope"].ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/oauth/callback", query["redirect_uri"].ToString(), StringComparison.Ordinal);
        return query["state"].ToString();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Add_to_slack_stores_the_token_encrypted_makes_the_installer_admin_and_uses_the_token_for_that_workspace(StoreKind store)
    {
        await using var host = await StartMultiWorkspaceAsync(store);
        host.Slack.BotTokens["xoxb-installed-token"] = "T0002";
        var state = await StateFromInstallRedirectAsync(host);

        using var callback = await host.Http.GetAsync($"slack/oauth/callback?code=the-code&state={Uri.EscapeDataString(state)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        var exchange = Assert.Single(host.Slack.CallsTo("oauth.v2.access"));
        Assert.Equal("the-code", exchange.Arg("code"));
        Assert.StartsWith("Basic ", exchange.Authorization, StringComparison.Ordinal);

        await using (var connection = await host.Database.Dialect.OpenAsync(TestContext.Current.CancellationToken))
        {
            var stored = await connection.QuerySingleAsync<string>("select encrypted_bot_token from slack_installations where team_id = 'T0002'");
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
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from slack_installations"));
    }

    [Fact]
    public async Task Slack_refusing_the_code_installs_nothing_and_says_why()
    {
        await using var host = await StartMultiWorkspaceAsync();
        host.Slack.FailNext("oauth.v2.access", error: "invalid_code");
        var state = await StateFromInstallRedirectAsync(host);

        using var callback = await host.Http.GetAsync($"slack/oauth/callback?code=old&state={Uri.EscapeDataString(state)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Contains("invalid_code", await callback.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await using var connection = await host.Database.Dialect.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from slack_installations"));
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
