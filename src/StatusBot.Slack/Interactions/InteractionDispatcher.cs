using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Slack.Inbound;
using StatusBot.Slack.Rendering;

namespace StatusBot.Slack.Interactions;

/// <summary>
/// Interactivity payloads (https://api.slack.com/interactivity/handling): modal submissions are validated by the
/// core while Slack waits, so errors show inline under their fields and the confirmation replaces the form (the answer
/// is stored before that acknowledgement); button presses, message forms and shortcuts are stored as inbound work,
/// acknowledged, and performed by the inbound worker.
/// </summary>
internal sealed class InteractionDispatcher(IInteractionHandler interactions, SlackInbox inbox, ILogger<InteractionDispatcher> logger)
{
    /// <summary>Handles one payload; returns the acknowledgement body (null for an empty 200).</summary>
    public async Task<JsonObject?> HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var teamId = SlackPayload.TeamOf(payload);
        var userId = payload.Text("user", "id");
        if (teamId is null || userId is null)
        {
            logger.LogWarning("Ignored a Slack interaction without team or user");
            return null;
        }

        switch (payload.Text("type"))
        {
            case "view_submission":
                return await SubmitViewAsync(payload, teamId, userId, cancellationToken);
            case "block_actions":
                await StoreBlockActionsAsync(payload, teamId, userId, cancellationToken);
                return null;
            case "shortcut" or "message_action":
                await inbox.StoreAsync(
                    SlackWork.Shortcut,
                    new SlackWork { TeamId = teamId, UserId = userId, UserName = payload.Text("user", "username"), Text = payload.Text("callback_id") ?? string.Empty },
                    null,
                    cancellationToken);
                return null;
            default:
                // view_closed and anything else: nothing to do, but Slack still wants its 200.
                return null;
        }
    }

    private async Task<JsonObject?> SubmitViewAsync(JsonElement payload, string teamId, string userId, CancellationToken cancellationToken)
    {
        var view = payload.Child("view");
        if (view.Text("callback_id") != ModalRenderer.CallbackId || view.Text("private_metadata") is not { Length: > 0 } formId)
        {
            return null;
        }

        var submission = new FormSubmission(
            new Caller(SlackIds.Person(teamId, userId), payload.Text("user", "name")),
            formId,
            ViewStateReader.Read(view.Child("state", "values")));
        var result = await interactions.SubmitAsync(submission, cancellationToken);
        switch (result)
        {
            case FormResult.Invalid invalid:
                return new JsonObject { ["response_action"] = "errors", ["errors"] = InlineErrors(invalid, view) };
            case FormResult.Accepted accepted:
                return new JsonObject { ["response_action"] = "update", ["view"] = ModalRenderer.RenderConfirmation(accepted.Confirmation) };
            default:
                return null;
        }
    }

    /// <summary>
    /// Errors keyed by input block. Slack refuses the whole answer when a key names no input block of the view, so an
    /// error for an unknown input (or one without any) is shown under the first input instead of being lost.
    /// </summary>
    private static JsonObject InlineErrors(FormResult.Invalid invalid, JsonElement view)
    {
        var inputs = InputBlockIds(view);
        if (inputs.Count == 0)
        {
            // Nothing to check against: pass the core's keys through as they are.
            var passThrough = new JsonObject();
            foreach (var (inputId, message) in invalid.Errors)
            {
                passThrough[inputId] = message;
            }

            return passThrough;
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var unplaced = new List<string>();
        foreach (var (inputId, message) in invalid.Errors)
        {
            if (inputs.Contains(inputId))
            {
                errors[inputId] = message;
            }
            else
            {
                unplaced.Add(message);
            }
        }

        if (unplaced.Count > 0 || errors.Count == 0)
        {
            var first = inputs[0];
            List<string> messages = unplaced.Count > 0 ? unplaced : ["Please check your answers."];
            errors[first] = string.Join(" ", errors.TryGetValue(first, out var existing) ? [existing, .. messages] : messages);
        }

        var node = new JsonObject();
        foreach (var (inputId, message) in errors)
        {
            node[inputId] = message;
        }

        return node;
    }

    /// <summary>The input blocks of the submitted view, from <c>view.blocks</c> and <c>view.state.values</c>, in order.</summary>
    private static List<string> InputBlockIds(JsonElement view)
    {
        var ids = new List<string>();
        if (view.Child("blocks") is { ValueKind: JsonValueKind.Array } blocks)
        {
            ids.AddRange(blocks.EnumerateArray().Where(b => b.Text("type") == "input").Select(b => b.Text("block_id")).OfType<string>());
        }

        if (view.Child("state", "values") is { ValueKind: JsonValueKind.Object } values)
        {
            ids.AddRange(values.EnumerateObject().Select(block => block.Name).Where(id => !ids.Contains(id)));
        }

        return ids;
    }

    private async Task StoreBlockActionsAsync(JsonElement payload, string teamId, string userId, CancellationToken cancellationToken)
    {
        if (payload.Child("actions") is not { ValueKind: JsonValueKind.Array } actions)
        {
            return;
        }

        var responseUrl = payload.Text("response_url");
        var triggerId = payload.Text("trigger_id");
        var userName = payload.Text("user", "name");
        foreach (var action in actions.EnumerateArray())
        {
            var actionId = ActionIds.Restore(action.Text("action_id") ?? string.Empty);
            var work = new SlackWork
            {
                TeamId = teamId,
                UserId = userId,
                UserName = userName,
                ResponseUrl = responseUrl,
                TriggerId = triggerId,
                ActionId = actionId,
                Value = action.Text("value") ?? string.Empty,
            };
            if (actionId == BlockKitRenderer.FormSubmitActionId)
            {
                var values = ViewStateReader.Read(payload.Child("state", "values"));
                await inbox.StoreAsync(SlackWork.Form, work with { Values = values.ToDictionary(pair => pair.Key, pair => pair.Value) }, null, cancellationToken);
            }
            else
            {
                await inbox.StoreAsync(SlackWork.Button, work, null, cancellationToken);
            }
        }
    }
}
