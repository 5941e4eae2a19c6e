using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.Host;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests;

public sealed class SlackRegistrationTests
{
    [Fact]
    public async Task Without_a_signing_secret_nothing_slack_is_registered()
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        await using var app = StatusBotApp.Build(["--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={file}"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]) };

        using var response = await http.PostAsync("slack/commands", new StringContent("text=x"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(app.Services.GetServices<IChatPlatform>(), platform => platform.Platform == StatusBot.Core.Workspaces.ChatPlatform.Slack);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(new[] { "--Slack:BotToken", "" }, "Slack:BotToken")]
    [InlineData(new[] { "--Slack:BotToken", "xoxp-user-token" }, "Slack:BotToken")]
    [InlineData(new[] { "--Slack:AppToken", "xoxb-not-an-app-token" }, "Slack:AppToken")]
    [InlineData(new[] { "--Slack:ApiBaseUrl", "slack.com/api" }, "Slack:ApiBaseUrl")]
    [InlineData(new[] { "--Slack:ClientId", "1.2" }, "Slack:ClientSecret")]
    [InlineData(new[] { "--Slack:ClientId", "1.2", "--Slack:ClientSecret", "s", "--Slack:TokenEncryptionKey", "c2hvcnQ=" }, "Slack:TokenEncryptionKey")]
    public async Task Wrong_settings_stop_the_start_with_a_message_naming_the_key(string[] settings, string key)
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={file}",
            "--Slack:SigningSecret", SlackHost.SigningSecret, "--Slack:BotToken", FakeSlack.BotToken,
            .. settings,
        ];
        await using var app = StatusBotApp.Build(args);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, failure => failure.StartsWith(key, StringComparison.Ordinal));
    }
}
