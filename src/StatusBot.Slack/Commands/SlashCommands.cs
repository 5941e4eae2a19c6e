using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Inbound;
using StatusBot.Slack.Background;
using StatusBot.Slack.Replies;

namespace StatusBot.Slack.Commands;

/// <summary>
/// A <c>/statusbot …</c> slash command (https://api.slack.com/interactivity/slash-commands): acknowledged at once
/// with an empty 200, handed to the core's <see cref="ICommandHandler"/> in the background, and the reply posted
/// to the command's <c>response_url</c> (ephemeral: only the caller sees it).
/// </summary>
internal sealed class SlashCommands(SlackWorkQueue queue)
{
    /// <summary>Handles the command's fields (form fields over HTTP, the payload object in Socket Mode); returns the acknowledgement body.</summary>
    public JsonObject? Accept(IReadOnlyDictionary<string, string> fields)
    {
        var teamId = fields.GetValueOrDefault("team_id");
        var userId = fields.GetValueOrDefault("user_id");
        var responseUrl = fields.GetValueOrDefault("response_url");
        if (string.IsNullOrEmpty(teamId) || string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(responseUrl))
        {
            return SlackReplies.EphemeralText("StatusBot could not read this command (team_id, user_id or response_url missing).");
        }

        var text = fields.GetValueOrDefault("text") ?? string.Empty;
        var channelId = fields.GetValueOrDefault("channel_id");
        var userName = fields.GetValueOrDefault("user_name");
        var queued = queue.TryEnqueue("slash command", async (services, cancellationToken) =>
        {
            var replies = services.GetRequiredService<SlackReplies>();
            var caller = await services.GetRequiredService<SlackCallers>().ResolveAsync(teamId, userId, userName, cancellationToken);
            var request = new CommandRequest(caller, text.Trim(), string.IsNullOrEmpty(channelId) ? null : SlackIds.Channel(teamId, channelId));
            await replies.RunAndRespondAsync(
                responseUrl,
                ct => services.GetRequiredService<ICommandHandler>().HandleAsync(request, ct),
                cancellationToken);
        });
        return queued ? null : SlackReplies.EphemeralText(SlackReplies.BusyText);
    }
}
