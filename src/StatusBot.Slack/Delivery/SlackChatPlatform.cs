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
            var ts = await api.PostMessageAsync(teamId, channel, BlockKitRenderer.RenderMessage(message), cancellationToken);
            return DeliveryResult.Delivered(ts);
        }
        catch (SlackApiException exception)
        {
            return exception.Kind switch
            {
                SlackErrorKind.RateLimited => DeliveryResult.RateLimited(exception.RetryAfter ?? TimeSpan.FromSeconds(1)),
                SlackErrorKind.Transient => DeliveryResult.Transient($"Slack: {exception.Error}"),
                _ => DeliveryResult.Permanent($"Slack: {exception.Error}"),
            };
        }
    }
}
