using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StatusBot.Slack.Inbound;
using StatusBot.Slack.Interactions;

namespace StatusBot.Slack.Events;

/// <summary>
/// Events API callbacks (https://api.slack.com/apis/events-api): the work an event asks for (a DM answer, the App
/// Home) is stored as inbound work keyed by its <c>event_id</c> before the acknowledgement, in one insert, so Slack's
/// retries (<c>X-Slack-Retry-Num</c>) and copies seen by other instances are stored and performed once; the inbound
/// worker performs it after the 200. If the store fails, Slack gets an error and retries.
/// </summary>
internal sealed class EventDispatcher(SlackInbox inbox, ILogger<EventDispatcher> logger)
{
    /// <summary>What the App Home tab shows: the core's answer to <c>/statusbot status</c> for that person.</summary>
    public const string HomeCommand = "status";

    public async Task<JsonObject?> HandleAsync(JsonElement envelope, string? retryNum, CancellationToken cancellationToken)
    {
        switch (envelope.Text("type"))
        {
            case "url_verification":
                return new JsonObject { ["challenge"] = envelope.Text("challenge") ?? string.Empty };
            case "event_callback":
                break;
            default:
                return null;
        }

        var teamId = envelope.Text("team_id");
        var eventId = envelope.Text("event_id");
        if (teamId is null || eventId is null)
        {
            return null;
        }

        var slackEvent = envelope.Child("event");
        var work = slackEvent.Text("type") switch
        {
            "message" => DirectMessage(teamId, slackEvent),
            "app_home_opened" => Home(teamId, slackEvent),
            _ => null,
        };
        if (work is null)
        {
            return null;
        }

        if (!await inbox.StoreAsync(work.Value.Kind, work.Value.Work, "slack:event:" + eventId, cancellationToken))
        {
            logger.LogInformation("Slack event {EventId} already stored (retry {Retry})", eventId, retryNum ?? "none");
        }

        return null;
    }

    /// <summary>A person's text in the bot's DM; the bot's own messages, edits and other subtypes are ignored.</summary>
    private static (string Kind, SlackWork Work)? Home(string teamId, JsonElement opened) =>
        opened.Text("tab") is null or "home" && opened.Text("user") is { } user ? (SlackWork.Home, new SlackWork { TeamId = teamId, UserId = user }) : null;

    private static (string Kind, SlackWork Work)? DirectMessage(string teamId, JsonElement message)
    {
        if (message.Text("channel_type") != "im" || message.Text("subtype") is not null || message.Text("bot_id") is not null
            || message.Text("user") is not { } userId || message.Text("channel") is not { } channel || message.Text("text") is not { } text)
        {
            return null;
        }

        return (SlackWork.DirectMessage, new SlackWork { TeamId = teamId, UserId = userId, ChannelId = channel, Text = text });
    }
}
