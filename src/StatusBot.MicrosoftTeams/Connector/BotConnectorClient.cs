using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>
/// The few Bot Connector REST calls the bot makes (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference),
/// each against the <c>serviceUrl</c> of the conversation, with the app token. Ids are escaped: channel conversation
/// ids contain <c>;messageid=</c>. Failures throw <see cref="BotConnectorRetryableException"/> (429, 412, 502–504) or
/// <see cref="BotConnectorException"/>; retrying and pacing are the caller's job.
/// </summary>
internal sealed class BotConnectorClient(HttpClient http, IBotTokenSource tokens, TimeProvider time)
{
    /// <summary>Posts an activity into a conversation; returns the new activity's id.</summary>
    public Task<string?> SendAsync(Uri serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        SendActivityAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities"), activity, "Sending an activity", cancellationToken);

    /// <summary>Replies to an activity (in a channel: into its thread); returns the reply's id.</summary>
    public Task<string?> ReplyAsync(Uri serviceUrl, string conversationId, string replyToId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["replyToId"] = replyToId;
        return SendActivityAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}"), activity, "Replying to an activity", cancellationToken);
    }

    /// <summary>Replaces a sent activity (a card that now shows what was recorded).</summary>
    public async Task UpdateAsync(Uri serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        await SendActivityAsync(HttpMethod.Put, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}"), activity, "Updating an activity", cancellationToken);
    }

    /// <summary>Opens (or finds) the 1:1 conversation between the bot and a person, for a proactive message.</summary>
    public async Task<CreatedConversation> CreateConversationAsync(Uri serviceUrl, OneOnOneConversation conversation, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = conversation.BotId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = conversation.UserId }),
            ["isGroup"] = false,
            // Both tenant forms: the documented top-level field and the channelData one Teams reads.
            ["tenantId"] = conversation.TenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = conversation.TenantId } },
        };
        using var document = await CallAsync(HttpMethod.Post, Url(serviceUrl, "v3/conversations"), body, "Creating a conversation", cancellationToken);
        var root = document.RootElement;
        var id = String(root, "id") ?? throw new BotConnectorException(System.Net.HttpStatusCode.OK, null, "Creating a conversation returned no id");
        return new CreatedConversation(id, String(root, "activityId"), String(root, "serviceUrl"));
    }

    private async Task<string?> SendActivityAsync(HttpMethod method, Uri url, JsonObject activity, string operation, CancellationToken cancellationToken)
    {
        using var document = await CallAsync(method, url, activity, operation, cancellationToken);
        return String(document.RootElement, "id");
    }

    private async Task<JsonDocument> CallAsync(HttpMethod method, Uri url, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!ConnectorErrors.IsSuccess(response.StatusCode))
        {
            throw await ConnectorErrors.FromResponseAsync(response, operation, time, cancellationToken);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
    }

    private static Uri Url(Uri serviceUrl, string path)
    {
        var baseUrl = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
        return new Uri(baseUrl, path);
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
