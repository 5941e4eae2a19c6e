using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Delivery;

/// <summary>
/// The core's outbound port for Slack: renders the message as Block Kit and posts it with <c>chat.postMessage</c>
/// (a person's identity posts into the bot's DM with them). Slack's answers become <see cref="DeliveryResult"/>s:
/// ok → delivered with the message <c>ts</c>; 429 → rate limited for <c>Retry-After</c>; 5xx and timeouts →
/// transient; errors such as <c>channel_not_found</c> or <c>account_inactive</c> → permanent.
/// The platform message id it records is <c>channel:ts</c>, which is what <c>chat.update</c> needs to replace the
/// message later (https://api.slack.com/methods/chat.update).
/// </summary>
internal sealed class SlackChatPlatform(SlackApiClient api) : IChatPlatform
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        if (!SlackIds.TryParse(destination.Address, out var teamId, out var channel))
        {
            return DeliveryResult.Permanent($"'{destination.Address}' is not a Slack address (slack:<team>:<user or channel>)");
        }

        try
        {
            var (postedIn, ts) = await api.PostMessageReturningChannelAsync(teamId, channel, BlockKitRenderer.RenderMessage(message), cancellationToken);
            return DeliveryResult.Delivered($"{postedIn}:{ts}");
        }
        catch (SlackApiException exception)
        {
            return Failure(exception);
        }
    }

    /// <summary>Replaces the message with <c>chat.update</c>; <c>message_not_found</c> and the like are permanent (the drainer then posts anew).</summary>
    public async Task<DeliveryResult?> UpdateAsync(Destination destination, string platformMessageId, ChatMessage message, CancellationToken cancellationToken)
    {
        if (!SlackIds.TryParse(destination.Address, out var teamId, out var addressed))
        {
            return DeliveryResult.Permanent($"'{destination.Address}' is not a Slack address (slack:<team>:<user or channel>)");
        }

        // Rows delivered before the channel was recorded hold the ts alone: their channel is the address's.
        var separator = platformMessageId.LastIndexOf(':');
        var (channel, ts) = separator > 0 ? (platformMessageId[..separator], platformMessageId[(separator + 1)..]) : (addressed, platformMessageId);
        try
        {
            await api.UpdateAsync(teamId, channel, ts, BlockKitRenderer.RenderMessage(message), cancellationToken);
            return DeliveryResult.Delivered(platformMessageId);
        }
        catch (SlackApiException exception)
        {
            return Failure(exception);
        }
    }

    private static DeliveryResult Failure(SlackApiException exception) => exception.Kind switch
    {
        SlackErrorKind.RateLimited => DeliveryResult.RateLimited(exception.RetryAfter ?? TimeSpan.FromSeconds(1)),
        SlackErrorKind.Transient => DeliveryResult.Transient($"Slack: {exception.Error}"),
        _ => DeliveryResult.Permanent($"Slack: {exception.Error}"),
    };
}
