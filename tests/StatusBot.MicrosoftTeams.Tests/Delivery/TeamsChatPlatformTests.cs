using System.Net;
using StatusBot.Core.Delivery;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.Testing;
using static StatusBot.MicrosoftTeams.Tests.Delivery.TeamsDeliveryHarness;

namespace StatusBot.MicrosoftTeams.Tests.Delivery;

/// <summary>
/// Teams delivery end to end below the host: outbox rows and conversation references in a real store (both dialects),
/// sent over real HTTP to the fake Bot Connector, which checks the app token and enforces Teams' published limits.
/// </summary>
public sealed class TeamsChatPlatformTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_prompt_reaches_a_person_through_their_stored_conversation_as_an_adaptive_card(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        await teams.ReferAsync(Person("aad-ana"), "a:1-ana");

        var result = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-ana")), Message("Time for your check-in"), Ct);

        Assert.Equal(DeliveryResult.Delivered("activity-1"), result);
        var post = Assert.Single(teams.Connector.Accepted);
        Assert.Equal(("POST", "/teams/v3/conversations/a:1-ana/activities"), (post.Method, post.Path));
        Assert.StartsWith("Bearer token-", post.Authorization, StringComparison.Ordinal);
        var attachment = post.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.ToString());
        Assert.Contains("Time for your check-in", attachment["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_first_message_to_a_roster_member_opens_a_one_on_one_that_later_messages_reuse(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        await teams.ReferAsync(Person("aad-ben"), conversationId: null, platformUserId: "29:ben");

        var first = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-ben")), Message("first"), Ct);
        var second = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-ben")), Message("second"), Ct);

        Assert.Equal(DeliveryOutcome.Delivered, first.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, second.Outcome);
        Assert.Equal(
            [
                ("POST", "/teams/v3/conversations"),
                ("POST", "/teams/v3/conversations/a:1-personal-29:ben/activities"),
                ("POST", "/teams/v3/conversations/a:1-personal-29:ben/activities"),
            ],
            teams.Connector.Accepted.Select(r => (r.Method, r.Path)));
        var create = teams.Connector.Accepted.First().Body!;
        Assert.Equal("28:" + FakeBotFrameworkKeys.AppId, create["bot"]!["id"]!.ToString());
        Assert.Equal(Tenant, create["tenantId"]!.ToString());
        Assert.Equal("a:1-personal-29:ben", (await teams.ReferenceAsync(Person("aad-ben")))!.ConversationId);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_digest_is_posted_into_the_bound_channel_and_its_replacement_updates_that_card(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        await teams.ReferAsync(Channel, ChannelId);
        var first = await teams.EnqueueAsync(Destination.Channel(Channel), Message("Week 48: 3 teams on track"), "digest:1:week:48");
        await teams.DrainAsync(TimeSpan.FromSeconds(20));

        var replacement = await teams.EnqueueAsync(Destination.Channel(Channel), Message("Week 48: 2 teams on track, 1 at risk"), "digest:1:week:48:v2", replacesId: first);
        await teams.DrainAsync(TimeSpan.FromSeconds(20));

        var sent = await teams.RowAsync(first);
        Assert.Equal((OutboxState.Delivered, "activity-1"), (sent.State, sent.PlatformMessageId));
        Assert.Equal(OutboxState.Delivered, (await teams.RowAsync(replacement)).State);
        var calls = teams.Connector.Accepted.ToList();
        Assert.Equal(
            [
                ("POST", $"/teams/v3/conversations/{ChannelId}/activities"),
                ("PUT", $"/teams/v3/conversations/{ChannelId}/activities/activity-1"),
            ],
            calls.Select(r => (r.Method, r.Path)));
        Assert.Contains("1 at risk", calls[1].Body!["attachments"]![0]!["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Nobody_is_messaged_without_a_stored_conversation_and_the_reason_says_why(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);

        var person = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-cleo")), Message("hello"), Ct);
        var channel = await teams.Platform.SendAsync(Destination.Channel(Channel), Message("digest"), Ct);

        Assert.Equal(DeliveryOutcome.PermanentFailure, person.Outcome);
        Assert.Contains("has not installed the StatusBot app", person.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.PermanentFailure, channel.Outcome);
        Assert.Contains("has not been added to that team", channel.Reason, StringComparison.Ordinal);
        Assert.Empty(teams.Connector.Requests);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_blocked_bot_and_a_vanished_conversation_fail_for_good_with_the_services_reason(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        await teams.ReferAsync(Person("aad-dan"), "a:1-dan");
        teams.Connector.FailNext(HttpStatusCode.Forbidden, body: """{"error":{"code":"MessageWritesBlocked","message":"Thread is blocked"}}""");
        teams.Connector.FailNext(HttpStatusCode.NotFound, body: """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""");

        var blocked = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-dan")), Message("one"), Ct);
        var gone = await teams.Platform.SendAsync(Destination.DirectMessage(Person("aad-dan")), Message("two"), Ct);

        Assert.Equal(DeliveryOutcome.PermanentFailure, blocked.Outcome);
        Assert.Contains("blocked StatusBot or removed the app", blocked.Reason, StringComparison.Ordinal);
        Assert.Contains("MessageWritesBlocked", blocked.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.PermanentFailure, gone.Outcome);
        Assert.Contains("ConversationNotFound", gone.Reason, StringComparison.Ordinal);
        Assert.Empty(teams.Connector.Accepted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Throttling_and_outages_are_retried_through_the_outbox_and_every_message_arrives_once(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            await teams.ReferAsync(Person($"aad-{i}"), $"a:1-{i}");
            ids.Add(await teams.EnqueueAsync(Destination.DirectMessage(Person($"aad-{i}")), Message($"prompt {i}"), $"prompt:{i}"));
        }

        teams.Connector.FailNext(HttpStatusCode.TooManyRequests, retryAfter: "1");
        teams.Connector.FailNext(HttpStatusCode.ServiceUnavailable);
        teams.Connector.FailNext(HttpStatusCode.PreconditionFailed);
        teams.Connector.FailNext(HttpStatusCode.BadGateway);
        teams.Connector.FailNext(HttpStatusCode.GatewayTimeout);

        await teams.DrainAsync(TimeSpan.FromSeconds(30));

        foreach (var id in ids)
        {
            Assert.Equal(OutboxState.Delivered, (await teams.RowAsync(id)).State);
        }

        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => $"a:1-{i}").Order(StringComparer.Ordinal),
            teams.Connector.Posted.Select(FakeBotConnector.ConversationOf).Order(StringComparer.Ordinal));
        Assert.Equal(12 + 5, teams.Connector.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_burst_to_one_person_among_many_stays_inside_Teams_published_limits(StoreKind kind)
    {
        await using var teams = await StartAsync(kind);
        await teams.ReferAsync(Person("aad-tpm"), "a:1-tpm");
        for (var i = 0; i < 80; i++)
        {
            await teams.ReferAsync(Person($"aad-{i}"), $"a:1-{i}");
            await teams.EnqueueAsync(Destination.DirectMessage(Person($"aad-{i}")), Message($"prompt {i}"), $"prompt:{i}");
            if (i % 8 == 0)
            {
                await teams.EnqueueAsync(Destination.DirectMessage(Person("aad-tpm")), Message($"notice {i}"), $"notice:{i}");
            }
        }

        await teams.DrainAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, teams.Connector.RateLimitedAnswers);
        var posted = teams.Connector.Posted.Select(FakeBotConnector.ConversationOf).ToList();
        Assert.Equal(90, posted.Count);
        Assert.Equal(10, posted.Count(c => c == "a:1-tpm"));
        Assert.Equal(81, posted.Distinct().Count());
    }
}
