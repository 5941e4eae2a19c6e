using System.Globalization;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;

namespace StatusBot.Slack.Rendering;

/// <summary>
/// Renders the core's <see cref="ChatMessage"/> as a Block Kit message (https://api.slack.com/block-kit),
/// within Slack's limits: long texts are cut with an ellipsis, and blocks past the message limit are dropped
/// from the end with an "and N more" context line (the core puts the most important blocks first).
/// </summary>
internal static class BlockKitRenderer
{
    /// <summary>The action id of the submit button of a form shown inside a message.</summary>
    public const string FormSubmitActionId = "statusbot.form.submit";

    /// <summary>A message body for <c>chat.postMessage</c>, <c>chat.update</c> or a <c>response_url</c>.</summary>
    public static JsonObject RenderMessage(ChatMessage message) => new()
    {
        ["text"] = Mrkdwn.Truncate(Mrkdwn.Escape(message.Summary), BlockKitLimits.MessageText),
        ["blocks"] = RenderBlocks(message.Blocks, BlockKitLimits.MessageBlocks),
    };

    /// <summary>The App Home tab (https://api.slack.com/surfaces/app-home) showing a core message.</summary>
    public static JsonObject RenderHome(ChatMessage message) => new()
    {
        ["type"] = "home",
        ["blocks"] = RenderBlocks(message.Blocks, BlockKitLimits.ViewBlocks),
    };

    /// <summary>Renders the blocks, keeping at most <paramref name="limit"/> Slack blocks.</summary>
    public static JsonArray RenderBlocks(IReadOnlyList<MessageBlock> blocks, int limit)
    {
        var rendered = new List<List<JsonObject>>(blocks.Count);
        foreach (var block in blocks)
        {
            rendered.Add(Render(block));
        }

        var result = new JsonArray();
        var total = rendered.Sum(group => group.Count);
        if (total <= limit)
        {
            foreach (var node in rendered.SelectMany(group => group))
            {
                result.Add(node);
            }

            return result;
        }

        // Keep whole core blocks from the top while one slot remains for the "and N more" line.
        var used = 0;
        var kept = 0;
        foreach (var group in rendered)
        {
            if (used + group.Count > limit - 1)
            {
                break;
            }

            foreach (var node in group)
            {
                result.Add(node);
            }

            used += group.Count;
            kept++;
        }

        var more = blocks.Count - kept;
        result.Add(Context(string.Create(CultureInfo.InvariantCulture, $"_and {more} more not shown here_")));
        return result;
    }

    private static List<JsonObject> Render(MessageBlock block) => block switch
    {
        HeaderBlock header => [Header(header.Text)],
        TextBlock text => [Section(Mrkdwn.From(text.Text))],
        FieldsBlock fields => Fields(fields),
        StatusBlock status => [Section($"{StatusBadges.Emoji(status.Status)} *{Mrkdwn.Escape(status.Label)}* — {Mrkdwn.From(status.Text)}")],
        ContextBlock context => [Context(Mrkdwn.From(context.Text))],
        DividerBlock => [new JsonObject { ["type"] = "divider" }],
        ActionsBlock actions => Actions(actions.Buttons),
        FormBlock form => FormInMessage(form),
        _ => [Section(Mrkdwn.Escape(block.ToString() ?? string.Empty))],
    };

    private static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = PlainText(text, BlockKitLimits.HeaderText),
    };

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Mrkdwn.Truncate(mrkdwn, BlockKitLimits.SectionText) },
    };

    internal static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Mrkdwn.Truncate(mrkdwn, BlockKitLimits.SectionText) }),
    };

    internal static JsonObject PlainText(string text, int max) => new()
    {
        ["type"] = "plain_text",
        ["text"] = Mrkdwn.Truncate(text, max),
        ["emoji"] = true,
    };

    /// <summary>Ten fields per section; more fields continue in further sections.</summary>
    private static List<JsonObject> Fields(FieldsBlock block)
    {
        var sections = new List<JsonObject>();
        foreach (var chunk in block.Fields.Chunk(BlockKitLimits.SectionFields))
        {
            var fields = new JsonArray();
            foreach (var field in chunk)
            {
                fields.Add(new JsonObject
                {
                    ["type"] = "mrkdwn",
                    ["text"] = Mrkdwn.Truncate($"*{Mrkdwn.Escape(field.Label)}*\n{Mrkdwn.From(field.Value)}", BlockKitLimits.FieldText),
                });
            }

            sections.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        return sections;
    }

    /// <summary>25 buttons per actions block; action ids made unique within the block (Slack requires it) and restored on press.</summary>
    private static List<JsonObject> Actions(IReadOnlyList<ButtonAction> buttons)
    {
        var blocks = new List<JsonObject>();
        foreach (var chunk in buttons.Chunk(BlockKitLimits.ActionElements))
        {
            var elements = new JsonArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < chunk.Length; i++)
            {
                elements.Add(Button(chunk[i], seen.Add(chunk[i].ActionId) ? chunk[i].ActionId : ActionIds.Disambiguate(chunk[i].ActionId, i)));
            }

            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = elements });
        }

        return blocks;
    }

    private static JsonObject Button(ButtonAction button, string actionId)
    {
        var node = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(button.Label, BlockKitLimits.ButtonText),
            ["action_id"] = actionId,
            ["value"] = button.Value.Length <= BlockKitLimits.ButtonValue ? button.Value : button.Value[..BlockKitLimits.ButtonValue],
        };
        if (button.Style != ButtonStyle.Default)
        {
            node["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
        }

        if (button.Url is not null)
        {
            node["url"] = button.Url;
        }

        return node;
    }

    /// <summary>
    /// A form inside a message: its input blocks followed by a submit button whose value is the form id.
    /// The press arrives as <c>block_actions</c> with the inputs in <c>state.values</c>.
    /// </summary>
    private static List<JsonObject> FormInMessage(FormBlock form)
    {
        var blocks = new List<JsonObject> { Header(form.Title) };
        blocks.AddRange(form.Inputs.Select(FormInputs.Render));
        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "statusbot.form",
            ["elements"] = new JsonArray(Button(new ButtonAction(form.SubmitLabel, FormSubmitActionId, form.FormId, ButtonStyle.Primary), FormSubmitActionId)),
        });
        return blocks;
    }
}
