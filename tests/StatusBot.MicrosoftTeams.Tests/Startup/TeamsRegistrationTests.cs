using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.Core.Inbound;
using StatusBot.Host;

namespace StatusBot.MicrosoftTeams.Tests.Startup;

/// <summary>The host composes the Teams adapter only when <c>Teams:AppId</c> is set, and refuses to start with a wrong key.</summary>
public sealed class TeamsRegistrationTests
{
    private const string AppId = "5f3c3a1e-7d2b-4c3e-9a51-1b2c3d4e5f60";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    [Fact]
    public async Task Without_an_app_id_nothing_of_teams_is_registered_and_the_endpoint_does_not_exist()
    {
        await using var app = StatusBotApp.Build(["--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={TempFile()}"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]) };

        using var response = await http.PostAsync("api/messages", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(app.Services.GetServices<IChatPlatform>(), platform => platform.Platform == Core.Workspaces.ChatPlatform.Teams);
        Assert.DoesNotContain(app.Services.GetServices<IInboundWorkHandler>(), handler => handler.Handles("teams.command"));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task With_an_app_id_teams_receives_and_sends()
    {
        await using var app = StatusBotApp.Build([.. Valid()]);

        Assert.Contains(app.Services.GetServices<IChatPlatform>(), platform => platform.Platform == Core.Workspaces.ChatPlatform.Teams);
        Assert.Contains(app.Services.GetServices<IInboundWorkHandler>(), handler => handler.Handles("teams.command"));
        Assert.Null(Record.Exception(() => app.Services.GetRequiredService<IStartupValidator>().Validate()));
    }

    [Theory]
    [InlineData(new[] { "--Teams:AppId", "not-a-guid" }, "Teams:AppId")]
    [InlineData(new[] { "--Teams:AppPassword", "" }, "Teams:AppPassword")]
    [InlineData(new[] { "--Teams:TenantId", "" }, "Teams:TenantId")]
    [InlineData(new[] { "--Teams:OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration" }, "Teams:OpenIdMetadataUrl")]
    [InlineData(new[] { "--Teams:TokenEndpoint", "login.microsoftonline.com/token" }, "Teams:TokenEndpoint")]
    public async Task Wrong_settings_stop_the_start_with_a_message_naming_the_key(string[] settings, string key)
    {
        await using var app = StatusBotApp.Build([.. Valid(), .. settings]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, failure => failure.StartsWith(key, StringComparison.Ordinal));
    }

    private static string[] Valid() =>
    [
        "--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={TempFile()}",
        "--Teams:AppId", AppId, "--Teams:AppPassword", "secret", "--Teams:TenantId", Tenant,
    ];

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
}
