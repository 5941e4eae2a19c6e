using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Data.Slack;
using StatusBot.Slack.Background;
using StatusBot.Slack.Interactions;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.Replies;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Events;

/// <summary>
/// Events API callbacks (https://api.slack.com/apis/events-api): the <c>event_id</c> is recorded before the
/// acknowledgement, so Slack's retries (<c>X-Slack-Retry-Num</c>) and copies seen by other instances are processed
/// once; the work itself (a DM answer, the App Home) runs after the 200.
/// </summary>
internal sealed class EventDispatcher(SlackEventLog seen, SlackWorkQueue queue, TimeProvider time, ILogger<EventDispatcher> logger)
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

        if (!await seen.TryRecordAsync(eventId, teamId, time.GetUtcNow(), cancellationToken))
        {
            logger.LogInformation("Slack event {EventId} already processed (retry {Retry})", eventId, retryNum ?? "none");
            return null;
        }

        var slackEvent = envelope.Child("event").Clone();
        var queued = slackEvent.Text("type") switch
        {
            "message" => QueueDirectMessage(teamId, slackEvent),
            "app_home_opened" when slackEvent.Text("tab") is null or "home" => QueueHome(teamId, slackEvent.Text("user")),
            _ => true,
        };
        if (!queued)
        {
            // The queue is full: forget the event and fail, so Slack's retry gets it processed later.
            await seen.ForgetAsync(eventId, cancellationToken);
            throw new SlackBusyException();
        }

        return null;
    }

    /// <summary>A person's text in the bot's DM; the bot's own messages, edits and other subtypes are ignored.</summary>
    private bool QueueDirectMessage(string teamId, JsonElement message)
    {
        if (message.Text("channel_type") != "im" || message.Text("subtype") is not null || message.Text("bot_id") is not null
            || message.Text("user") is not { } userId || message.Text("channel") is not { } channel || message.Text("text") is not { } text)
        {
            return true;
        }

        return queue.TryEnqueue("direct message", async (services, ct) =>
        {
            var caller = await services.GetRequiredService<SlackCallers>().ResolveAsync(teamId, userId, null, ct);
            var reply = await services.GetRequiredService<IDirectMessageHandler>().HandleAsync(new DirectMessageRequest(caller, text), ct);
            if (reply is not null)
            {
                await services.GetRequiredService<SlackReplies>().SendDirectAsync(teamId, channel, reply, ct);
            }
        });
    }

    private bool QueueHome(string teamId, string? userId)
    {
        if (userId is null)
        {
            return true;
        }

        return queue.TryEnqueue("app home", async (services, ct) =>
        {
            var caller = await services.GetRequiredService<SlackCallers>().ResolveAsync(teamId, userId, null, ct);
            var home = await services.GetRequiredService<ICommandHandler>().HandleAsync(new CommandRequest(caller, HomeCommand), ct);
            await services.GetRequiredService<SlackApiClient>().PublishViewAsync(teamId, userId, BlockKitRenderer.RenderHome(home), ct);
        });
    }
}

/// <summary>The background queue is full; the endpoint answers 503 so Slack retries later.</summary>
internal sealed class SlackBusyException() : Exception("StatusBot's Slack queue is full");
