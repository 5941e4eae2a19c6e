using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Slack.Commands;
using StatusBot.Slack.Events;
using StatusBot.Slack.Install;
using StatusBot.Slack.Interactions;
using StatusBot.Slack.Signing;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Startup;

/// <summary>
/// Slack's inbound HTTP endpoints (public contract: the paths are configured in the Slack app). Every request is
/// verified before anything is parsed or changed; an unverified one gets 401.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>Maps <c>/slack/…</c> when Slack is configured; otherwise does nothing.</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<SlackEnabled>() is null)
        {
            return endpoints;
        }

        var slack = endpoints.MapGroup("/slack");
        slack.MapPost("/commands", CommandsAsync);
        slack.MapPost("/interactions", InteractionsAsync);
        slack.MapPost("/events", EventsAsync);
        // Read from configuration rather than IOptions: options are validated at start, which comes after mapping.
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!string.IsNullOrWhiteSpace(configuration[$"{SlackOptions.Section}:{nameof(SlackOptions.ClientId)}"]))
        {
            InstallEndpoints.Map(slack);
        }

        return endpoints;
    }

    private static async Task<IResult> CommandsAsync(HttpContext context, SignedRequestReader reader, SlashCommands commands, CancellationToken cancellationToken)
    {
        var body = await SignedRequestReader.ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Results.Unauthorized();
        }

        var form = SignedRequestReader.ParseForm(body);
        if (IsSslCheck(form))
        {
            return Results.Ok();
        }

        return reader.IsVerified(context.Request, body) ? Ack(await commands.AcceptAsync(form, cancellationToken)) : Results.Unauthorized();
    }

    private static async Task<IResult> InteractionsAsync(HttpContext context, SignedRequestReader reader, InteractionDispatcher interactions, CancellationToken cancellationToken)
    {
        var body = await SignedRequestReader.ReadBodyAsync(context.Request, cancellationToken);
        if (body is null || !reader.IsVerified(context.Request, body))
        {
            return Results.Unauthorized();
        }

        var form = SignedRequestReader.ParseForm(body);
        if (!TryParseJson(form.GetValueOrDefault("payload"), out var payload))
        {
            return Results.BadRequest("The form field 'payload' must hold the interaction JSON.");
        }

        return Ack(await interactions.HandleAsync(payload, cancellationToken));
    }

    private static async Task<IResult> EventsAsync(HttpContext context, SignedRequestReader reader, EventDispatcher events, CancellationToken cancellationToken)
    {
        var body = await SignedRequestReader.ReadBodyAsync(context.Request, cancellationToken);
        if (body is null || !reader.IsVerified(context.Request, body))
        {
            return Results.Unauthorized();
        }

        if (!TryParseJson(body, out var envelope))
        {
            return Results.BadRequest("The Events API body must be JSON.");
        }

        var retry = context.Request.Headers["X-Slack-Retry-Num"].ToString();
        return Ack(await events.HandleAsync(envelope, retry.Length == 0 ? null : retry, cancellationToken));
    }

    private static bool IsSslCheck(Dictionary<string, string> form) => form.GetValueOrDefault("ssl_check") == "1" && !form.ContainsKey("command");

    private static IResult Ack(JsonObject? body) =>
        body is null ? Results.Ok() : Results.Text(body.ToJsonString(SlackJson.Options), "application/json");

    private static bool TryParseJson(string? text, out JsonElement element)
    {
        element = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
            return element.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
