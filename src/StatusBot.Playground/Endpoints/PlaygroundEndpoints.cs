using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Playground.Demo;

namespace StatusBot.Playground.Endpoints;

/// <summary>
/// The playground adapter's inbound side: the page at <c>/playground</c> and a small JSON API it calls.
/// Like the Slack and Teams adapters it only extracts the text and the caller and hands them to the
/// core's inbound ports; replies are rendered to HTML here.
/// </summary>
public static class PlaygroundEndpoints
{
    private const int InboxPage = 200;

    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder endpoints)
    {
        var playground = endpoints.MapGroup("/playground");
        playground.MapGet("/", () => Results.Content(PlaygroundPage.Html, "text/html; charset=utf-8"));
        playground.MapGet("/playground.js", () => Results.Content(PlaygroundPage.Script, "text/javascript; charset=utf-8"));

        playground.MapPost("/api/demo", async ([FromServices] DemoProgramSeeder seeder, [FromServices] IServiceProvider services, CancellationToken ct) =>
        {
            var (programId, created) = await seeder.SeedAsync(ct);
            var dashboard = (services.GetService(typeof(IProgramLinks)) as IProgramLinks)?.LinkFor(programId);
            return Results.Ok(new { programId, created, name = DemoProgramSeeder.ProgramName, dashboard });
        });

        playground.MapGet("/api/people", async ([FromServices] IStatusBotStore store, CancellationToken ct) =>
        {
            await using var session = await store.BeginAsync(ct);
            var people = await session.People.ListAsync(PlaygroundIdentity.WorkspaceId, ct);
            return Results.Ok(people.Select(p => new { name = p.Identity[(PlaygroundIdentity.WorkspaceId.Length + 1)..], p.DisplayName }));
        });

        playground.MapGet("/api/inbox", async (string? @as, long? after, [FromServices] IStatusBotStore store, CancellationToken ct) =>
        {
            if (!PlaygroundIdentity.TryFromName(@as, out var identity))
            {
                return BadName();
            }

            await using var session = await store.BeginAsync(ct);
            var messages = await session.Outbox.ListDeliveredAsync(PlaygroundIdentity.WorkspaceId, identity, after ?? 0, InboxPage, ct);
            var zone = ReaderZone(await session.People.FindByIdentityAsync(identity, ct));
            return Results.Ok(messages.Select(m => new PlaygroundInboxItem(
                m.Id,
                m.Destination.Kind == DestinationKind.Channel ? "#" + m.Destination.Address[(PlaygroundIdentity.WorkspaceId.Length + 1)..] : "dm",
                HtmlRenderer.Render(m.Message, zone),
                m.DeliveredAt ?? m.CreatedAt,
                m.ReplacesId)));
        });

        playground.MapPost("/api/command", async (PlaygroundText body, [FromServices] ICommandHandler commands, CancellationToken ct) =>
        {
            if (!PlaygroundIdentity.TryFromName(body.As, out var identity))
            {
                return BadName();
            }

            var text = StripCommandPrefix(body.Text ?? string.Empty);
            var reply = await commands.HandleAsync(new CommandRequest(new Caller(identity, body.As), text), ct);
            return Results.Ok(new PlaygroundReply(HtmlRenderer.Render(reply)));
        });

        playground.MapPost("/api/dm", async (PlaygroundText body, [FromServices] IDirectMessageHandler messages, CancellationToken ct) =>
        {
            if (!PlaygroundIdentity.TryFromName(body.As, out var identity))
            {
                return BadName();
            }

            var reply = await messages.HandleAsync(new DirectMessageRequest(new Caller(identity, body.As), body.Text ?? string.Empty), ct);
            return Results.Ok(new PlaygroundReply(reply is null ? null : HtmlRenderer.Render(reply)));
        });

        playground.MapPost("/api/press", async (PlaygroundPress body, [FromServices] IInteractionHandler interactions, CancellationToken ct) =>
        {
            if (!PlaygroundIdentity.TryFromName(body.As, out var identity))
            {
                return BadName();
            }

            var result = await interactions.PressAsync(new ButtonPress(new Caller(identity, body.As), body.ActionId ?? string.Empty, body.Value ?? string.Empty), ct);
            return Results.Ok(result switch
            {
                ButtonResult.Reply reply => new PlaygroundReply(HtmlRenderer.Render(reply.Message)),
                ButtonResult.OpenForm open => new PlaygroundReply(null, HtmlRenderer.RenderForm(open.Form)),
                _ => new PlaygroundReply(null),
            });
        });

        playground.MapPost("/api/submit", async (PlaygroundSubmit body, [FromServices] IInteractionHandler interactions, CancellationToken ct) =>
        {
            if (!PlaygroundIdentity.TryFromName(body.As, out var identity))
            {
                return BadName();
            }

            if (string.IsNullOrWhiteSpace(body.FormId))
            {
                return Results.Problem(title: "formId: which form is submitted is missing.", statusCode: StatusCodes.Status400BadRequest);
            }

            var result = await interactions.SubmitAsync(
                new FormSubmission(new Caller(identity, body.As), body.FormId, body.Values ?? []), ct);
            return Results.Ok(result switch
            {
                FormResult.Accepted accepted => new PlaygroundReply(HtmlRenderer.Render(accepted.Confirmation)),
                FormResult.Invalid invalid => new PlaygroundReply(null, Errors: invalid.Errors),
                _ => new PlaygroundReply(null),
            });
        });

        return endpoints;
    }

    /// <summary>
    /// The zone the reader's times are shown in: their own when known. People the bot met without a zone are stored in
    /// UTC, which here means "not known": their messages then show the zone they were written for (the team's).
    /// </summary>
    public static TimeZoneInfo? ReaderZone(Person? person) =>
        person is not null && person.TimeZone != "UTC" && TimeZoneInfo.TryFindSystemTimeZoneById(person.TimeZone, out var zone) ? zone : null;

    /// <summary>The page lets people type <c>/statusbot team add …</c> as they would in Slack.</summary>
    private static string StripCommandPrefix(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith("/statusbot", StringComparison.OrdinalIgnoreCase) ? trimmed["/statusbot".Length..].Trim() : trimmed;
    }

    private static IResult BadName() => Results.Problem(
        title: $"as: pick who you are with a name of {PlaygroundNames.Rule}, e.g. alice.",
        statusCode: StatusCodes.Status400BadRequest);
}
