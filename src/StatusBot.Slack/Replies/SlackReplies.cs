using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Messages;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Replies;

/// <summary>Sends the core's answers back to Slack: through a <c>response_url</c> (commands, buttons) or as a DM.</summary>
internal sealed class SlackReplies(IHttpClientFactory httpClients, SlackApiClient api, ILogger<SlackReplies> logger)
{
    public const string ResponseUrlClient = "slack-response-url";
    public const string BusyText = "StatusBot is busy right now; please try again in a minute.";
    public const string FailureText = "Sorry, StatusBot could not do that just now. The error is logged; please try again.";

    public static JsonObject EphemeralText(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };

    /// <summary>Runs the core call and posts its reply, or a short apology when it fails, so the person is never left without an answer.</summary>
    public async Task RunAndRespondAsync(string responseUrl, Func<CancellationToken, Task<ChatMessage>> run, CancellationToken cancellationToken)
    {
        ChatMessage reply;
        try
        {
            reply = await run(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "A Slack command failed in the core");
            await PostToResponseUrlAsync(responseUrl, EphemeralText(FailureText), cancellationToken);
            return;
        }

        await RespondAsync(responseUrl, reply, cancellationToken);
    }

    /// <summary>An ephemeral reply through a <c>response_url</c> (valid 30 minutes, up to 5 posts).</summary>
    public async Task RespondAsync(string responseUrl, ChatMessage message, CancellationToken cancellationToken)
    {
        var body = BlockKitRenderer.RenderMessage(message);
        body["response_type"] = "ephemeral";
        body["replace_original"] = false;
        await PostToResponseUrlAsync(responseUrl, body, cancellationToken);
    }

    /// <summary>Like <see cref="RespondAsync"/>, but reports a failed post (network, timeout, refusal) as false instead of throwing.</summary>
    public async Task<bool> TryRespondAsync(string responseUrl, ChatMessage message, CancellationToken cancellationToken)
    {
        var body = BlockKitRenderer.RenderMessage(message);
        body["response_type"] = "ephemeral";
        body["replace_original"] = false;
        try
        {
            return await PostToResponseUrlAsync(responseUrl, body, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or UriFormatException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("A response_url post failed ({Error}); the reply goes as a DM instead", exception.Message);
            return false;
        }
    }

    /// <summary>A DM to the person (<c>chat.postMessage</c> with the user id as channel).</summary>
    public Task SendDirectAsync(string teamId, string userOrChannelId, ChatMessage message, CancellationToken cancellationToken) =>
        api.PostMessageAsync(teamId, userOrChannelId, BlockKitRenderer.RenderMessage(message), cancellationToken);

    private async Task<bool> PostToResponseUrlAsync(string responseUrl, JsonObject body, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(ResponseUrlClient);
        using var response = await client.PostAsJsonAsync(new Uri(responseUrl), body, SlackJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Slack refused a response_url post: HTTP {Status}", (int)response.StatusCode);
        }

        return response.IsSuccessStatusCode;
    }
}
