using System.Text.Json.Nodes;
using StatusBot.Slack.Inbound;
using StatusBot.Slack.Replies;

namespace StatusBot.Slack.Commands;

/// <summary>
/// A <c>/statusbot …</c> slash command (https://api.slack.com/interactivity/slash-commands): stored as inbound work,
/// then acknowledged with an empty 200; the inbound worker hands it to the core's command handler and posts the reply
/// to the command's <c>response_url</c> (ephemeral: only the caller sees it).
/// </summary>
internal sealed class SlashCommands(SlackInbox inbox)
{
    /// <summary>Handles the command's fields (form fields over HTTP, the payload object in Socket Mode); returns the acknowledgement body.</summary>
    public async Task<JsonObject?> AcceptAsync(IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var teamId = fields.GetValueOrDefault("team_id");
        var userId = fields.GetValueOrDefault("user_id");
        var responseUrl = fields.GetValueOrDefault("response_url");
        if (string.IsNullOrEmpty(teamId) || string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(responseUrl))
        {
            return SlackReplies.EphemeralText("StatusBot could not read this command (team_id, user_id or response_url missing).");
        }

        var channelId = fields.GetValueOrDefault("channel_id");
        await inbox.StoreAsync(
            SlackWork.Command,
            new SlackWork
            {
                TeamId = teamId,
                UserId = userId,
                UserName = fields.GetValueOrDefault("user_name"),
                Text = fields.GetValueOrDefault("text") ?? string.Empty,
                ChannelId = string.IsNullOrEmpty(channelId) ? null : channelId,
                ResponseUrl = responseUrl,
            },
            null,
            cancellationToken);
        return null;
    }
}
