using System.Net;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests.Commands;

public sealed class SlashCommandTests
{
    [Fact]
    public async Task Signed_slash_command_reaches_the_core_and_the_reply_goes_to_the_response_url()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostCommandAsync("program add Apollo", userId: "U100", responseId: "r1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var (_, reply) = await host.Slack.WaitForResponseUrlPostAsync("r1");
        var request = Assert.Single(host.Commands.Requests);
        Assert.Equal("program add Apollo", request.Text);
        Assert.Equal("slack:T0001:U100", request.Caller.Identity);
        Assert.Equal("Display U100", request.Caller.DisplayName);
        Assert.Equal("Europe/Berlin", request.Caller.TimeZone);
        Assert.Equal("slack:T0001:C200", request.ChannelRef);
        Assert.Equal("ephemeral", reply["response_type"]!.ToString());
        Assert.Equal("You said *program add Apollo*, <@U100>", reply["blocks"]![0]!["text"]!["text"]!.ToString());
    }

    [Fact]
    public async Task A_slow_command_is_acknowledged_at_once_and_answered_when_the_core_is_done()
    {
        await using var host = await SlackHost.StartAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await host.PostCommandAsync("slow digest preview Apollo", responseId: "slow");
        var acknowledgedAfter = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(acknowledgedAfter < TimeSpan.FromSeconds(1), $"acknowledged after {acknowledgedAfter}");
        Assert.Empty(host.Slack.ResponseUrlPosts);
        var (_, reply) = await host.Slack.WaitForResponseUrlPostAsync("slow");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4));
        Assert.Contains("slow digest preview Apollo", reply["text"]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Signature.None)]
    [InlineData(Signature.Stale)]
    [InlineData(Signature.WrongBody)]
    public async Task Unverified_slash_command_gets_401_and_changes_nothing(Signature signature)
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostCommandAsync("program delete Apollo", signature: signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(host.Commands.Requests);
        Assert.Empty(host.Slack.Calls);
        Assert.Empty(host.Slack.ResponseUrlPosts);
    }

    [Fact]
    public async Task Ssl_check_gets_a_plain_200_and_runs_nothing()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostSignedAsync("slack/commands", "ssl_check=1&token=abc", "application/x-www-form-urlencoded", Signature.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Commands.Requests);
    }

    [Fact]
    public async Task A_failing_core_command_still_answers_the_person_with_an_apology()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostCommandAsync("boom", responseId: "r2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, reply) = await host.Slack.WaitForResponseUrlPostAsync("r2");
        Assert.Contains("could not do that", reply["text"]!.ToString(), StringComparison.Ordinal);
    }
}
