using System.Text.Json;
using System.Text.Json.Nodes;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>What a card action came to: the message to show in place of the card, or the errors (nothing was stored).</summary>
internal sealed record CardActionOutcome(ChatMessage? Message, string? Error);

/// <summary>
/// <c>Action.Execute</c> as the renderer emits it, mapped back to the core: a button's <c>data</c> is
/// <c>{actionId, value}</c> (a press); the form's submit has the verb <see cref="AdaptiveCardRenderer.FormSubmitVerb"/>
/// and <c>data.formId</c>, with the inputs' values merged into <c>data</c> keyed by input id (a submission).
/// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
/// </summary>
internal sealed class CardActions(IInteractionHandler interactions)
{
    private static readonly HashSet<string> ReservedKeys = ["formId", "actionId", "value"];

    /// <summary>Reads the invoke's <c>value.action</c> into the work fields; null when it is not an action the bot emitted.</summary>
    public static TeamsWork? Read(TeamsWork caller, JsonElement? value)
    {
        var action = TeamsActivity.Child(value, "action");
        var verb = TeamsActivity.Str(action, "verb");
        if (verb is null)
        {
            return null;
        }

        var data = TeamsActivity.Child(action, "data");
        if (verb == AdaptiveCardRenderer.FormSubmitVerb)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (data is { ValueKind: JsonValueKind.Object } fields)
            {
                foreach (var field in fields.EnumerateObject().Where(f => !ReservedKeys.Contains(f.Name)))
                {
                    values[field.Name] = field.Value.ValueKind switch
                    {
                        JsonValueKind.String => field.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => field.Value.GetRawText(),
                    };
                }
            }

            return caller with { FormId = TeamsActivity.Str(data, "formId") ?? string.Empty, Values = values };
        }

        return caller with { ActionId = TeamsActivity.Str(data, "actionId") ?? verb, Value = TeamsActivity.Str(data, "value") ?? string.Empty };
    }

    public async Task<CardActionOutcome> RunAsync(TeamsWork work, CancellationToken cancellationToken)
    {
        if (work.FormId is not null)
        {
            var result = await interactions.SubmitAsync(new FormSubmission(work.Caller(), work.FormId, work.Values ?? []), cancellationToken);
            return result switch
            {
                FormResult.Accepted accepted => new CardActionOutcome(accepted.Confirmation, null),
                FormResult.Invalid invalid => new CardActionOutcome(null, string.Join(" ", invalid.Errors.Values)),
                _ => new CardActionOutcome(null, "Nothing was recorded."),
            };
        }

        var pressed = await interactions.PressAsync(new ButtonPress(work.Caller(), work.ActionId ?? string.Empty, work.Value ?? string.Empty), cancellationToken);
        return pressed switch
        {
            ButtonResult.Reply reply => new CardActionOutcome(reply.Message, null),
            // Teams has no modal for this: the form replaces the card, and its submit comes back as another action.
            ButtonResult.OpenForm open => new CardActionOutcome(new ChatMessage("checkin.form", open.Form.Title, [new HeaderBlock(open.Form.Title), open.Form]), null),
            _ => new CardActionOutcome(null, null),
        };
    }

    /// <summary>
    /// The invoke response (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views):
    /// the card that replaces the clicked one, a 400 error whose message Teams shows under the card (which keeps what the
    /// person typed), or a short message.
    /// </summary>
    public static JsonObject InvokeResponse(CardActionOutcome outcome) => outcome switch
    {
        { Message: { } message } => new JsonObject
        {
            ["statusCode"] = 200,
            ["type"] = AdaptiveCardRenderer.ContentType,
            ["value"] = AdaptiveCardRenderer.Render(message),
        },
        { Error: { } error } => Error(400, "BadRequest", error),
        _ => Text("Done."),
    };

    public static JsonObject Text(string text) => new()
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = text,
    };

    public static JsonObject Error(int status, string code, string message) => new()
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
