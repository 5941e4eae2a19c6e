using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Delivery;

/// <summary>
/// A message that replaces an earlier one (a digest's week posted again) reaches Slack as <c>chat.update</c> of the
/// first post, named by the channel and ts recorded when it was delivered; when Slack no longer has it, as a new post.
/// </summary>
public sealed class MessageReplacementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatMessage Digest(string label) => new("digest", $"Apollo, week of 2026-11-30 {label}", [new HeaderBlock("Apollo — week of 2026-11-30"), new ContextBlock(label)]);

    private static OutboxMessage Row(string dedupKey, ChatMessage message, long? replaces) => new()
    {
        WorkspaceId = "slack:T0001",
        Destination = Destination.Channel("slack:T0001:C0LEAD"),
        Message = message,
        DedupKey = dedupKey,
        CreatedAt = DateTimeOffset.UtcNow,
        NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        ReplacesId = replaces,
    };

    private static async Task<OutboxMessage> EnqueueAsync(IStatusBotStore store, OutboxMessage row)
    {
        await using var session = await store.BeginAsync(Ct);
        await session.Outbox.EnqueueAsync(row, Ct);
        var stored = (await session.Outbox.FindByDedupKeyAsync(row.DedupKey, Ct))!;
        await session.CommitAsync(Ct);
        return stored;
    }

    private static async Task<OutboxMessage> DeliveredAsync(IStatusBotStore store, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            await using (var session = await store.BeginAsync(Ct))
            {
                if (await session.Outbox.GetAsync(id, Ct) is { State: not OutboxState.Pending } row)
                {
                    return row;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"outbox row {id} was not delivered");
            await Task.Delay(50, Ct);
        }
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_reposted_week_updates_the_first_message_with_chat_update(StoreKind kind)
    {
        await using var host = await SlackHost.StartAsync(kind);
        var store = host.App.Services.GetRequiredService<IStatusBotStore>();

        var first = await DeliveredAsync(store, (await EnqueueAsync(store, Row("digest:1:2026-11-30:channel:C0LEAD:asof", Digest("as of Monday"), null))).Id);
        var post = Assert.Single(await host.Slack.WaitForCallsAsync("chat.postMessage"));
        var replacement = await DeliveredAsync(store, (await EnqueueAsync(store, Row("digest:1:2026-11-30:channel:C0LEAD", Digest("final"), first.Id))).Id);

        var update = Assert.Single(await host.Slack.WaitForCallsAsync("chat.update"));
        var ts = first.PlatformMessageId!.Split(':')[1];
        Assert.Equal(("C0LEAD", ts), (update.Arg("channel"), update.Arg("ts")));
        Assert.Equal((OutboxState.Delivered, first.PlatformMessageId), (replacement.State, replacement.PlatformMessageId));
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("C0LEAD", post.Arg("channel"));
        Assert.Equal("Apollo, week of 2026-11-30 final", host.Slack.MessageAt("C0LEAD", ts)!["text"]!.ToString());
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_replacement_whose_first_message_slack_no_longer_has_is_posted_anew(StoreKind kind)
    {
        await using var host = await SlackHost.StartAsync(kind);
        var store = host.App.Services.GetRequiredService<IStatusBotStore>();
        var first = await DeliveredAsync(store, (await EnqueueAsync(store, Row("digest:1:2026-11-30:channel:C0LEAD:asof", Digest("as of Monday"), null))).Id);
        host.Slack.FailNext("chat.update", error: "message_not_found");

        var replacement = await DeliveredAsync(store, (await EnqueueAsync(store, Row("digest:1:2026-11-30:channel:C0LEAD", Digest("final"), first.Id))).Id);

        Assert.Equal(OutboxState.Delivered, replacement.State);
        Assert.NotEqual(first.PlatformMessageId, replacement.PlatformMessageId);
        Assert.Equal(2, (await host.Slack.WaitForCallsAsync("chat.postMessage", 2)).Count);
    }
}
