using System.Net;
using System.Text.Json.Nodes;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Events;

public sealed class EventTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static JsonObject DirectMessage(string eventId, string text, string? botId = null, string? subtype = null)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = "D300",
            ["channel_type"] = "im",
            ["user"] = "U100",
            ["text"] = text,
            ["ts"] = "1700000000.000200",
        };
        if (botId is not null)
        {
            message["bot_id"] = botId;
        }

        if (subtype is not null)
        {
            message["subtype"] = subtype;
        }

        return new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = FakeSlack.TeamId,
            ["api_app_id"] = "A0001",
            ["event_id"] = eventId,
            ["event_time"] = 1700000000,
            ["event"] = message,
        };
    }

    /// <summary>U100, known to the bot as "Ada (stored)" in America/Chicago (Slack's profile says "Display U100", Europe/Berlin).</summary>
    private static async Task StoreKnownPersonAsync(SlackHost host)
    {
        await using var session = await host.Database.Store.BeginAsync(TestContext.Current.CancellationToken);
        var workspaceId = $"slack:{FakeSlack.TeamId}";
        if (await session.Workspaces.GetAsync(workspaceId, TestContext.Current.CancellationToken) is null)
        {
            await Seed.WorkspaceAsync(session, workspaceId);
        }

        await session.People.AddAsync(
            new StatusBot.Core.People.Person { WorkspaceId = workspaceId, Identity = $"{workspaceId}:U100", DisplayName = "Ada (stored)", TimeZone = "America/Chicago", CreatedAt = Seed.Now },
            TestContext.Current.CancellationToken);
        await session.CommitAsync(TestContext.Current.CancellationToken);
    }

    private static JsonObject DirectMessageFrom(string eventId, string user, string channel, string text)
    {
        var envelope = DirectMessage(eventId, text);
        envelope["event"]!["user"] = user;
        envelope["event"]!["channel"] = channel;
        return envelope;
    }

    [Fact]
    public async Task Url_verification_echoes_the_challenge()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostEventAsync(new JsonObject { ["type"] = "url_verification", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["token"] = "x" });

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", body["challenge"]!.ToString());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Dm_event_is_processed_once_despite_slacks_retries(StoreKind store)
    {
        await using var host = await SlackHost.StartAsync(store);
        var envelope = DirectMessage("Ev0001", "on track, shipped the importer");

        foreach (var retry in new int?[] { null, 1, 2, 3 })
        {
            using var response = await host.PostEventAsync(envelope, retry);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var reply = Assert.Single(await host.Slack.WaitForCallsAsync("chat.postMessage"));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var request = Assert.Single(host.DirectMessages.Requests);
        Assert.Equal("on track, shipped the importer", request.Text);
        Assert.Equal("slack:T0001:U100", request.Caller.Identity);
        Assert.Equal("D300", reply.Arg("channel"));
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_dms_reply_is_posted_at_once_not_at_the_outboxs_next_look(StoreKind store)
    {
        // The outbox looks for work every 10 s here: only the wake of the reply's commit can post it sooner.
        await using var host = await SlackHost.StartAsync(store, null, "--Outbox:IdleDelay", "00:00:10");
        // The lanes have taken their first look (nothing to send) and idle.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await host.PostEventAsync(DirectMessage("Ev0100", "on track"));
        var reply = Assert.Single(await host.Slack.WaitForCallsAsync("chat.postMessage", timeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("D300", reply.Arg("channel"));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_known_person_is_answered_with_their_stored_profile_when_users_info_has_no_slot_free_and_a_new_one_is_looked_up(StoreKind store)
    {
        await using var host = await SlackHost.StartAsync(store);
        await StoreKnownPersonAsync(host);

        // Slack answers the next users.info with 429 and Retry-After 30 s: the workspace's users.info budget has no slot for 30 s.
        host.Slack.FailNext("users.info", status: 429, retryAfterSeconds: 30);
        using (var first = await host.PostEventAsync(DirectMessageFrom("Ev0201", "U200", "D200", "hello")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await host.Slack.WaitForCallsAsync("chat.postMessage");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var second = await host.PostEventAsync(DirectMessageFrom("Ev0202", "U100", "D100", "on track")))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        await host.Slack.WaitForCallsAsync("chat.postMessage", 2);

        // The known person was not looked up (no slot): their stored name and zone served, without waiting for one.
        var known = Assert.Single(host.DirectMessages.Requests, r => r.Caller.Identity.EndsWith(":U100", StringComparison.Ordinal));
        Assert.Equal(("Ada (stored)", "America/Chicago"), (known.Caller.DisplayName, known.Caller.TimeZone));
        Assert.DoesNotContain(host.Slack.CallsTo("users.info"), call => call.Arg("user") == "U100");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        // The new person was looked up (and refused by Slack): only the request's own identity is known.
        Assert.Single(host.Slack.CallsTo("users.info"), call => call.Arg("user") == "U200");
    }

    [Fact]
    public async Task A_known_persons_profile_is_refreshed_from_slack_when_a_slot_is_free()
    {
        await using var host = await SlackHost.StartAsync();
        await StoreKnownPersonAsync(host);

        using var response = await host.PostEventAsync(DirectMessageFrom("Ev0301", "U100", "D100", "on track"));
        await host.Slack.WaitForCallsAsync("chat.postMessage");

        var request = Assert.Single(host.DirectMessages.Requests);
        Assert.Equal(("Display U100", "Europe/Berlin"), (request.Caller.DisplayName, request.Caller.TimeZone));
    }

    [Fact]
    public async Task The_bots_own_messages_and_edits_are_ignored()
    {
        await using var host = await SlackHost.StartAsync();

        using var own = await host.PostEventAsync(DirectMessage("Ev0002", "Thanks, noted", botId: "BBOT"));
        using var edit = await host.PostEventAsync(DirectMessage("Ev0003", "edited", subtype: "message_changed"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(host.DirectMessages.Requests);
        Assert.Empty(host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Unsigned_event_is_refused_and_not_remembered_so_the_genuine_one_still_counts()
    {
        await using var host = await SlackHost.StartAsync();

        using var forged = await host.PostEventAsync(DirectMessage("Ev0004", "forged"), signature: Signature.None);
        using var genuine = await host.PostEventAsync(DirectMessage("Ev0004", "genuine"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        await host.Slack.WaitForCallsAsync("chat.postMessage");
        Assert.Equal("genuine", Assert.Single(host.DirectMessages.Requests).Text);
    }

    [Fact]
    public async Task Opening_the_app_home_publishes_the_persons_status_view()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostEventAsync(new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = FakeSlack.TeamId,
            ["event_id"] = "Ev0005",
            ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U100", ["channel"] = "D300", ["tab"] = "home" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var publish = Assert.Single(await host.Slack.WaitForCallsAsync("views.publish"));
        Assert.Equal("U100", publish.Arg("user_id"));
        Assert.Equal("home", publish.Body["view"]!["type"]!.ToString());
        Assert.Equal("status", Assert.Single(host.Commands.Requests).Text);
    }
}
