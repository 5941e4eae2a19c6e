using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests.WebApi;

public sealed class SlackChatPlatformTests
{
    private static readonly ChatMessage Prompt = new("checkin.prompt", "Time for your check-in", [new HeaderBlock("Weekly check-in"), new TextBlock("How is **Payments** doing?")]);

    private static IChatPlatform Slack(SlackHost host) =>
        host.App.Services.GetServices<IChatPlatform>().Single(p => p.Platform == ChatPlatform.Slack);

    [Fact]
    public async Task Dm_is_posted_to_the_user_id_and_delivered_with_the_message_ts()
    {
        await using var host = await SlackHost.StartAsync();

        var result = await Slack(host).SendAsync(Destination.DirectMessage("slack:T0001:U100"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var call = Assert.Single(host.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("U100", call.Arg("channel"));
        Assert.Equal("Time for your check-in", call.Arg("text"));
        Assert.Equal("header", call.Body["blocks"]![0]!["type"]!.ToString());
        Assert.Matches(@"^D100:\d+\.\d{6}$", result.PlatformMessageId);
    }

    [Fact]
    public async Task A_delivered_message_is_updated_in_place_with_chat_update_on_the_channel_and_ts_recorded()
    {
        await using var host = await SlackHost.StartAsync();
        var posted = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);
        var edited = Prompt with { Summary = "Time for your check-in (edited)" };

        var result = await Slack(host).UpdateAsync(Destination.Channel("slack:T0001:C200"), posted.PlatformMessageId!, edited, TestContext.Current.CancellationToken);

        Assert.Equal((DeliveryOutcome.Delivered, posted.PlatformMessageId), (result!.Outcome, result.PlatformMessageId));
        var update = Assert.Single(host.Slack.CallsTo("chat.update"));
        var ts = posted.PlatformMessageId!.Split(':')[1];
        Assert.Equal(("C200", ts), (update.Arg("channel"), update.Arg("ts")));
        Assert.Equal("Time for your check-in (edited)", host.Slack.MessageAt("C200", ts)!["text"]!.ToString());
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Updating_a_message_slack_does_not_know_is_permanent_so_the_outbox_posts_it_anew()
    {
        await using var host = await SlackHost.StartAsync();

        var result = await Slack(host).UpdateAsync(Destination.Channel("slack:T0001:C200"), "C200:1700000000.999999", Prompt, TestContext.Current.CancellationToken);

        Assert.Equal((DeliveryOutcome.PermanentFailure, "Slack: message_not_found"), (result!.Outcome, result.Reason));
    }

    [Fact]
    public async Task Http_429_is_rate_limited_for_slacks_retry_after()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("chat.postMessage", status: 429, error: "ratelimited", retryAfterSeconds: 30);

        var result = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_errors_are_transient(int status)
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("chat.postMessage", status: status);

        var result = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user_not_found")]
    [InlineData("account_inactive")]
    [InlineData("channel_not_found")]
    [InlineData("is_archived")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    [InlineData("missing_scope")]
    public async Task Slack_errors_that_retrying_cannot_fix_are_permanent(string error)
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("chat.postMessage", error: error);

        var result = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal($"Slack: {error}", result.Reason);
    }

    [Fact]
    public async Task Slacks_internal_error_is_transient()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.FailNext("chat.postMessage", error: "internal_error");

        var result = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
    }

    [Fact]
    public async Task A_wrong_bot_token_is_permanent()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.BotTokens.Clear();

        var result = await Slack(host).SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("Slack: invalid_auth", result.Reason);
    }

    [Fact]
    public async Task A_non_slack_address_is_refused_without_calling_slack()
    {
        await using var host = await SlackHost.StartAsync();

        var result = await Slack(host).SendAsync(Destination.DirectMessage("teams:tenant:abc:def"), Prompt, TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task Posts_to_one_channel_are_paced_at_slacks_one_per_second_and_never_hit_a_429()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.EnforceLimits = true;
        var platform = Slack(host);

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await platform.SendAsync(Destination.Channel("slack:T0001:C200"), Prompt, TestContext.Current.CancellationToken));
        }

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        Assert.Equal(0, host.Slack.RateLimitedAnswers);
        var times = host.Slack.CallsTo("chat.postMessage").Select(c => c.At).ToList();
        Assert.True(times[2] - times[0] >= TimeSpan.FromSeconds(1.9), $"3 posts took {times[2] - times[0]}");
    }
}
