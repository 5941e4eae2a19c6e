using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;

namespace StatusBot.Playground.Delivery;

/// <summary>
/// The playground's outbound side. Its "network" is the outbox itself: a message counts as delivered
/// the moment the worker hands it over, and the playground page reads delivered rows addressed to
/// the person it shows (and every channel post). Everything above — scheduling, outbox, retries —
/// is the same code path Slack and Teams go through.
/// </summary>
public sealed class PlaygroundChatPlatform : IChatPlatform
{
    public ChatPlatform Platform => ChatPlatform.Playground;

    public Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(destination.WorkspaceId == PlaygroundIdentity.WorkspaceId
            ? DeliveryResult.Delivered()
            : DeliveryResult.Permanent($"'{destination.Address}' is not a playground address"));
}
