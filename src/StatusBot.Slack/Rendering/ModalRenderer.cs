using System.Globalization;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;

namespace StatusBot.Slack.Rendering;

/// <summary>
/// A core <see cref="FormBlock"/> as a modal view (https://api.slack.com/surfaces/modals) for <c>views.open</c>:
/// one input block per form input (block id = input id), the form id in <c>private_metadata</c>.
/// </summary>
internal static class ModalRenderer
{
    /// <summary>The <c>callback_id</c> of every StatusBot modal; the form id travels in <c>private_metadata</c>.</summary>
    public const string CallbackId = "statusbot.form";

    public static JsonObject Render(FormBlock form)
    {
        if (form.FormId.Length > BlockKitLimits.PrivateMetadata)
        {
            throw new ArgumentException($"Form id is longer than Slack's {BlockKitLimits.PrivateMetadata}-character private_metadata.", nameof(form));
        }

        var blocks = new JsonArray();
        var inputs = form.Inputs.Take(BlockKitLimits.ViewBlocks).ToList();
        if (form.Inputs.Count > BlockKitLimits.ViewBlocks)
        {
            inputs = form.Inputs.Take(BlockKitLimits.ViewBlocks - 1).ToList();
        }

        foreach (var input in inputs)
        {
            blocks.Add(FormInputs.Render(input));
        }

        if (inputs.Count < form.Inputs.Count)
        {
            blocks.Add(BlockKitRenderer.Context(string.Create(CultureInfo.InvariantCulture, $"_and {form.Inputs.Count - inputs.Count} more fields not shown here_")));
        }

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["private_metadata"] = form.FormId,
            ["title"] = BlockKitRenderer.PlainText(form.Title, BlockKitLimits.ViewTitle),
            ["submit"] = BlockKitRenderer.PlainText(form.SubmitLabel, BlockKitLimits.ViewTitle),
            ["close"] = BlockKitRenderer.PlainText("Cancel", BlockKitLimits.ViewTitle),
            ["notify_on_close"] = false,
            ["blocks"] = blocks,
        };
    }

    /// <summary>
    /// The modal's content after an accepted submission (<c>response_action: update</c>): the core's confirmation in
    /// place of the form, closed with "Done". Immediate feedback, and no extra API call under Slack's limits.
    /// </summary>
    public static JsonObject RenderConfirmation(ChatMessage confirmation) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = ConfirmationCallbackId,
        ["title"] = BlockKitRenderer.PlainText("StatusBot", BlockKitLimits.ViewTitle),
        ["close"] = BlockKitRenderer.PlainText("Done", BlockKitLimits.ViewTitle),
        ["blocks"] = BlockKitRenderer.RenderBlocks(confirmation.Blocks, BlockKitLimits.ViewBlocks),
    };

    /// <summary>The <c>callback_id</c> of the confirmation shown after a submission.</summary>
    public const string ConfirmationCallbackId = "statusbot.confirmation";
}
