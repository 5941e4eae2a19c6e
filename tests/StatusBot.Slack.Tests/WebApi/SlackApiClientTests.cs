using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Tests.WebApi;

public sealed class SlackApiClientTests
{
    private static SlackApiClient Client(SlackHost host) => host.App.Services.GetRequiredService<SlackApiClient>();

    [Fact]
    public async Task Users_info_gives_the_display_name_and_time_zone()
    {
        await using var host = await SlackHost.StartAsync();

        var user = await Client(host).GetUserAsync(FakeSlack.TeamId, "U100", TestContext.Current.CancellationToken);

        Assert.Equal(("Display U100", "Europe/Berlin", false), (user.DisplayName, user.TimeZone, user.Deleted));
        Assert.Equal("U100", host.Slack.CallsTo("users.info")[0].Arg("user"));
    }

    [Fact]
    public async Task Conversations_info_and_auth_test_read_their_answers()
    {
        await using var host = await SlackHost.StartAsync();

        var channel = await Client(host).GetChannelAsync(FakeSlack.TeamId, "C200", TestContext.Current.CancellationToken);
        var me = await Client(host).AuthTestAsync(FakeSlack.TeamId, TestContext.Current.CancellationToken);

        Assert.Equal(("general", false), (channel.Name, channel.IsArchived));
        Assert.Equal((FakeSlack.TeamId, "UBOT", "BBOT"), (me.TeamId, me.UserId, me.BotId));
    }

    [Fact]
    public async Task Update_and_ephemeral_send_the_channel_ts_and_user_with_the_message()
    {
        await using var host = await SlackHost.StartAsync();

        // Like Slack, the fake updates only a message it has: post one first.
        var ts = await Client(host).PostMessageAsync(FakeSlack.TeamId, "C200", new JsonObject { ["text"] = "first" }, TestContext.Current.CancellationToken);
        await Client(host).UpdateAsync(FakeSlack.TeamId, "C200", ts, new JsonObject { ["text"] = "edited" }, TestContext.Current.CancellationToken);
        await Client(host).PostEphemeralAsync(FakeSlack.TeamId, "C200", "U100", new JsonObject { ["text"] = "only you" }, TestContext.Current.CancellationToken);

        var update = Assert.Single(host.Slack.CallsTo("chat.update"));
        Assert.Equal(("C200", ts, "edited"), (update.Arg("channel"), update.Arg("ts"), update.Arg("text")));
        var ephemeral = Assert.Single(host.Slack.CallsTo("chat.postEphemeral"));
        Assert.Equal(("C200", "U100"), (ephemeral.Arg("channel"), ephemeral.Arg("user")));
    }

    [Fact]
    public async Task Ok_false_becomes_a_typed_error_with_slacks_code()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("views.open", error: "trigger_expired");

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            Client(host).OpenViewAsync(FakeSlack.TeamId, "old-trigger", new JsonObject { ["type"] = "modal" }, TestContext.Current.CancellationToken));

        Assert.Equal(("views.open", "trigger_expired", SlackErrorKind.Permanent), (error.Method, error.Error, error.Kind));
    }

    [Fact]
    public async Task After_a_429_the_client_holds_that_method_back_for_retry_after_without_calling_slack()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("users.info", status: 429, retryAfterSeconds: 20);

        var first = await Assert.ThrowsAsync<SlackApiException>(() => Client(host).GetUserAsync(FakeSlack.TeamId, "U1", TestContext.Current.CancellationToken));
        var second = await Assert.ThrowsAsync<SlackApiException>(() => Client(host).GetUserAsync(FakeSlack.TeamId, "U2", TestContext.Current.CancellationToken));

        Assert.Equal((SlackErrorKind.RateLimited, TimeSpan.FromSeconds(20)), (first.Kind, first.RetryAfter));
        Assert.Equal(SlackErrorKind.RateLimited, second.Kind);
        Assert.InRange(second.RetryAfter!.Value, TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(20));
        Assert.Single(host.Slack.CallsTo("users.info"));
    }
}
