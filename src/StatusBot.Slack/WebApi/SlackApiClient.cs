using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Startup;

namespace StatusBot.Slack.WebApi;

/// <summary>
/// A thin Slack Web API client (https://api.slack.com/web): bearer token per workspace, JSON bodies for write
/// methods and form bodies for read methods (which do not accept JSON), client-side rate limits, 429 with
/// <c>Retry-After</c>, and <c>ok:false</c> turned into a typed <see cref="SlackApiException"/>.
/// </summary>
internal sealed class SlackApiClient(
    HttpClient http,
    ISlackTokenSource tokens,
    SlackRateLimiter limiter,
    IOptions<SlackOptions> options,
    TimeProvider time)
{
    private Uri BaseUrl => new(options.Value.ApiBaseUrl);

    /// <summary>Posts a message; a user id as <paramref name="channel"/> posts into the bot's DM with that user. Returns the message <c>ts</c>.</summary>
    public async Task<string> PostMessageAsync(string teamId, string channel, JsonObject message, CancellationToken cancellationToken)
    {
        message["channel"] = channel;
        var answer = await CallJsonAsync("chat.postMessage", teamId, channel, message, cancellationToken);
        return answer.GetProperty("ts").GetString() ?? string.Empty;
    }

    /// <summary>
    /// As <see cref="PostMessageAsync"/>, returning the conversation the message landed in with its <c>ts</c>: a post to a
    /// user id lands in the DM channel (<c>D…</c>), and <c>chat.update</c> needs that channel, not the user id.
    /// </summary>
    public async Task<(string Channel, string Ts)> PostMessageReturningChannelAsync(string teamId, string channel, JsonObject message, CancellationToken cancellationToken)
    {
        message["channel"] = channel;
        var answer = await CallJsonAsync("chat.postMessage", teamId, channel, message, cancellationToken);
        return (Text(answer, "channel") ?? channel, answer.GetProperty("ts").GetString() ?? string.Empty);
    }

    public async Task<string> PostEphemeralAsync(string teamId, string channel, string userId, JsonObject message, CancellationToken cancellationToken)
    {
        message["channel"] = channel;
        message["user"] = userId;
        var answer = await CallJsonAsync("chat.postEphemeral", teamId, null, message, cancellationToken);
        return answer.TryGetProperty("message_ts", out var ts) ? ts.GetString() ?? string.Empty : string.Empty;
    }

    public async Task UpdateAsync(string teamId, string channel, string ts, JsonObject message, CancellationToken cancellationToken)
    {
        message["channel"] = channel;
        message["ts"] = ts;
        await CallJsonAsync("chat.update", teamId, null, message, cancellationToken);
    }

    /// <summary>Opens a modal; the <paramref name="triggerId"/> works once and only for 3 seconds.</summary>
    public async Task<string> OpenViewAsync(string teamId, string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        var answer = await CallJsonAsync("views.open", teamId, null, new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, cancellationToken);
        return answer.GetProperty("view").GetProperty("id").GetString() ?? string.Empty;
    }

    public Task PublishViewAsync(string teamId, string userId, JsonObject view, CancellationToken cancellationToken) =>
        CallJsonAsync("views.publish", teamId, null, new JsonObject { ["user_id"] = userId, ["view"] = view }, cancellationToken);

    /// <param name="maxWait">Longest wait for a rate-limit slot (default <c>Slack:MaxClientWait</c>); past it the call is refused as rate limited, unsent.</param>
    public async Task<SlackUser> GetUserAsync(string teamId, string userId, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var answer = await CallFormAsync("users.info", teamId, [new("user", userId)], cancellationToken, maxWait);
        var user = answer.GetProperty("user");
        var profile = user.TryGetProperty("profile", out var p) ? p : default;
        var display = Text(profile, "display_name");
        return new SlackUser(
            userId,
            string.IsNullOrWhiteSpace(display) ? Text(profile, "real_name") ?? Text(user, "name") ?? userId : display,
            Text(user, "tz"),
            user.TryGetProperty("deleted", out var deleted) && deleted.GetBoolean(),
            user.TryGetProperty("is_bot", out var bot) && bot.GetBoolean());
    }

    public async Task<SlackChannel> GetChannelAsync(string teamId, string channelId, CancellationToken cancellationToken)
    {
        var answer = await CallFormAsync("conversations.info", teamId, [new("channel", channelId)], cancellationToken);
        var channel = answer.GetProperty("channel");
        return new SlackChannel(
            channelId,
            Text(channel, "name") ?? channelId,
            channel.TryGetProperty("is_archived", out var archived) && archived.GetBoolean(),
            channel.TryGetProperty("is_im", out var im) && im.GetBoolean());
    }

    /// <summary>Who the bot is in that workspace (its user id and bot id, to ignore its own messages).</summary>
    public async Task<SlackIdentity> AuthTestAsync(string teamId, CancellationToken cancellationToken)
    {
        var answer = await CallFormAsync("auth.test", teamId, [], cancellationToken);
        return new SlackIdentity(Text(answer, "team_id") ?? teamId, Text(answer, "user_id") ?? string.Empty, Text(answer, "bot_id"));
    }

    /// <summary>Exchanges an OAuth v2 code for the workspace's bot token (client id and secret as HTTP Basic auth).</summary>
    public async Task<SlackOAuthGrant> ExchangeOAuthCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "oauth.v2.access"))
        {
            Content = new FormUrlEncodedContent([new("code", code), new("redirect_uri", redirectUri)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
        var answer = await SendAsync("oauth.v2.access", request, cancellationToken);
        var team = answer.GetProperty("team");
        return new SlackOAuthGrant(
            Text(team, "id") ?? throw SlackApiException.FromError("oauth.v2.access", "missing_team"),
            Text(team, "name") ?? string.Empty,
            Text(answer, "access_token") ?? throw SlackApiException.FromError("oauth.v2.access", "missing_token"),
            Text(answer, "bot_user_id") ?? string.Empty,
            answer.TryGetProperty("authed_user", out var authed) ? Text(authed, "id") ?? string.Empty : string.Empty);
    }

    /// <summary>Socket Mode: a fresh WebSocket URL, using the app-level <c>xapp-</c> token.</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, "apps.connections.open"))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.AppToken);
        var answer = await SendAsync("apps.connections.open", request, cancellationToken);
        return new Uri(Text(answer, "url") ?? throw SlackApiException.FromError("apps.connections.open", "missing_url"));
    }

    private async Task<JsonElement> CallJsonAsync(string method, string teamId, string? channel, JsonObject body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetBotTokenAsync(teamId, cancellationToken);
        await WaitForSlotAsync(method, teamId, channel, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, method))
        {
            Content = JsonContent.Create(body, options: SlackJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await SendAsync(method, request, cancellationToken, teamId, channel);
        }
        finally
        {
            limiter.Settle(method, teamId, channel);
        }
    }

    private async Task<JsonElement> CallFormAsync(string method, string teamId, KeyValuePair<string, string>[] form, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var token = await tokens.GetBotTokenAsync(teamId, cancellationToken);
        await WaitForSlotAsync(method, teamId, null, cancellationToken, maxWait);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, method)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await SendAsync(method, request, cancellationToken, teamId);
        }
        finally
        {
            limiter.Settle(method, teamId, null);
        }
    }

    private async Task WaitForSlotAsync(string method, string teamId, string? channel, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var reservation = limiter.Reserve(method, teamId, channel, maxWait ?? options.Value.MaxClientWait);
        if (!reservation.Granted)
        {
            throw new SlackApiException(method, "ratelimited_client_side", SlackErrorKind.RateLimited, reservation.Wait);
        }

        if (reservation.Wait > TimeSpan.Zero)
        {
            await Task.Delay(reservation.Wait, time, cancellationToken);
        }
    }

    private async Task<JsonElement> SendAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken, string? teamId = null, string? channel = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new SlackApiException(method, "network_error: " + exception.Message, SlackErrorKind.Transient);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackApiException(method, "timeout", SlackErrorKind.Transient);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                StatusBotTelemetry.RecordThrottled(ChatPlatform.Slack);
                var retryAfter = RetryAfter(response);
                if (teamId is not null)
                {
                    limiter.Penalize(method, teamId, channel, retryAfter);
                }

                throw new SlackApiException(method, "ratelimited", SlackErrorKind.RateLimited, retryAfter);
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", SlackErrorKind.Transient);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", SlackErrorKind.Permanent);
            }

            JsonElement answer;
            try
            {
                answer = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).Clone();
            }
            catch (JsonException)
            {
                throw new SlackApiException(method, "invalid_response", SlackErrorKind.Transient);
            }

            if (!answer.TryGetProperty("ok", out var ok) || !ok.GetBoolean())
            {
                throw SlackApiException.FromError(method, Text(answer, "error") ?? "unknown_error");
            }

            return answer;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>What <c>users.info</c> tells about a person.</summary>
internal sealed record SlackUser(string Id, string DisplayName, string? TimeZone, bool Deleted, bool IsBot);

internal sealed record SlackChannel(string Id, string Name, bool IsArchived, bool IsIm);

internal sealed record SlackIdentity(string TeamId, string UserId, string? BotId);

internal sealed record SlackOAuthGrant(string TeamId, string TeamName, string BotToken, string BotUserId, string InstallingUserId);
