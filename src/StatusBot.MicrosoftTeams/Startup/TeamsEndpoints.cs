using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;
using StatusBot.MicrosoftTeams.Auth;
using StatusBot.MicrosoftTeams.Inbound;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Startup;

/// <summary>
/// The Bot Framework messaging endpoint <c>POST /api/messages</c> (public contract: it is the Azure Bot's messaging
/// endpoint). The body is read once; its Bearer token is validated against the activity's <c>channelId</c> and
/// <c>serviceUrl</c> before anything in it is acted on, and a refused request changes nothing.
/// </summary>
public static class TeamsEndpoints
{
    public const string Path = "/api/messages";

    /// <summary>Largest body accepted; activities are far smaller (Teams refuses messages past about 28 KB).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Maps the endpoint when Teams is configured; otherwise does nothing.</summary>
    public static IEndpointRouteBuilder MapMicrosoftTeams(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TeamsEnabled>() is null)
        {
            return endpoints;
        }

        endpoints.MapPost(Path, MessagesAsync);
        return endpoints;
    }

    private static async Task<IResult> MessagesAsync(
        HttpContext context,
        BotFrameworkTokenValidator validator,
        ActivityDispatcher dispatcher,
        ILogger<ActivityDispatcher> logger,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            StatusBotTelemetry.RecordInboundRefused(ChatPlatform.Teams, "size");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // Parsed only to learn which channel and service URL the token must vouch for; nothing is used before it does.
        var activity = TeamsActivity.Parse(body);
        var verdict = await validator.ValidateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, activity?.ChannelId, activity?.ServiceUrl, cancellationToken);
        if (!verdict.Accepted)
        {
            logger.LogWarning("Refused a Teams request: {Refusal} ({Message})", verdict.Refusal, verdict.Message);
            StatusBotTelemetry.RecordInboundRefused(ChatPlatform.Teams, "token");
            return Results.StatusCode(verdict.StatusCode);
        }

        if (activity is null)
        {
            return Results.BadRequest("The body must be a Bot Framework activity (a JSON object).");
        }

        var answer = await dispatcher.HandleAsync(activity, cancellationToken);
        return answer.Body is null
            ? Results.StatusCode(answer.Status)
            : Results.Text(answer.Body.ToJsonString(TeamsJson.Compact), "application/json", Encoding.UTF8, answer.Status);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes + 1];
        var builder = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            builder.Append(buffer, 0, read);
            if (builder.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return builder.ToString();
    }
}
