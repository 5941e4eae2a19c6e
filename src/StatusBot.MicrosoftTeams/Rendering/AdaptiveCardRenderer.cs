using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;

namespace StatusBot.MicrosoftTeams.Rendering;

/// <summary>
/// Renders the core's <see cref="ChatMessage"/> as an Adaptive Card 1.5 (the version Teams supports for Universal
/// Actions, https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview):
/// headers and texts as <c>TextBlock</c>s with markdown, fields as a <c>FactSet</c>, status lines as a coloured badge
/// beside the text, buttons as <c>Action.Execute</c>, forms as inputs submitted with <c>Action.Execute</c>. Teams refuses
/// messages past about 28 KB, so blocks past <see cref="MaxCardBytes"/> are dropped from the end with an "and N more"
/// line (the core puts the most important blocks first).
/// </summary>
internal static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";

    /// <summary>The <c>verb</c> of a form's submit action; its <c>data.formId</c> names the form.</summary>
    public const string FormSubmitVerb = "statusbot.form.submit";

    /// <summary>Room for the card inside Teams' ~28 KB message limit, leaving some for the activity around it.</summary>
    public const int MaxCardBytes = 24_000;

    /// <summary>A <c>message</c> activity carrying the card, for the Connector's send, reply and update calls.</summary>
    public static JsonObject RenderActivity(ChatMessage message) => new()
    {
        ["type"] = "message",
        ["summary"] = InlineMarkup.ToPlainText(message.Summary),
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = ContentType, ["content"] = Render(message) }),
    };

    public static JsonObject Render(ChatMessage message)
    {
        var markdown = new CardMarkdown();
        var groups = new List<List<JsonObject>>(message.Blocks.Count);
        var separate = false;
        foreach (var block in message.Blocks)
        {
            if (block is DividerBlock)
            {
                separate = true;
                continue;
            }

            var group = Render(block, markdown);
            if (separate && group.Count > 0)
            {
                group[0]["separator"] = true;
                group[0]["spacing"] = "Medium";
                separate = false;
            }

            groups.Add(group);
        }

        var body = Fit(groups, message.Blocks.Count(block => block is not DividerBlock));
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["fallbackText"] = InlineMarkup.ToPlainText(message.Summary),
            ["body"] = body,
        };

        // Mentions only of blocks that were kept: an entity without its <at> text is refused by Teams.
        var kept = body.ToJsonString(TeamsJson.Compact);
        var entities = new JsonArray([.. markdown.Entities().Where(entity => kept.Contains(entity!["text"]!.GetValue<string>(), StringComparison.Ordinal)).Select(e => e!.DeepClone())]);
        var msteams = new JsonObject { ["width"] = "Full" };
        if (entities.Count > 0)
        {
            msteams["entities"] = entities;
        }

        card["msteams"] = msteams;
        return card;
    }

    private static JsonArray Fit(List<List<JsonObject>> groups, int blockCount)
    {
        var sizes = groups.Select(group => group.Sum(node => Encoding.UTF8.GetByteCount(node.ToJsonString(TeamsJson.Compact)) + 1)).ToList();
        var body = new JsonArray();
        if (sizes.Sum() <= MaxCardBytes)
        {
            foreach (var node in groups.SelectMany(group => group))
            {
                body.Add(node);
            }

            return body;
        }

        // Keep whole core blocks from the top while there is room for the "and N more" line.
        var used = 0;
        var kept = 0;
        const int reserve = 200;
        for (var i = 0; i < groups.Count && used + sizes[i] <= MaxCardBytes - reserve; i++)
        {
            foreach (var node in groups[i])
            {
                body.Add(node);
            }

            used += sizes[i];
            kept++;
        }

        body.Add(Small(string.Create(CultureInfo.InvariantCulture, $"_and {blockCount - kept} more not shown here_")));
        return body;
    }

    private static List<JsonObject> Render(MessageBlock block, CardMarkdown markdown) => block switch
    {
        HeaderBlock header => [Text(CardMarkdown.Escape(header.Text), size: "Large", weight: "Bolder")],
        TextBlock text => [Text(markdown.From(text.Text))],
        FieldsBlock fields => [Facts(fields, markdown)],
        StatusBlock status => [Status(status, markdown)],
        ContextBlock context => [Small(markdown.From(context.Text))],
        ActionsBlock actions => [ActionSet(actions.Buttons.Select(Button))],
        FormBlock form => Form(form),
        _ => [Text(CardMarkdown.Escape(block.ToString() ?? string.Empty))],
    };

    private static JsonObject Text(string markdown, string? size = null, string? weight = null)
    {
        var node = new JsonObject { ["type"] = "TextBlock", ["text"] = markdown, ["wrap"] = true };
        if (size is not null)
        {
            node["size"] = size;
        }

        if (weight is not null)
        {
            node["weight"] = weight;
        }

        return node;
    }

    private static JsonObject Small(string markdown)
    {
        var node = Text(markdown, size: "Small");
        node["isSubtle"] = true;
        return node;
    }

    private static JsonObject Facts(FieldsBlock fields, CardMarkdown markdown) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. fields.Fields.Select(field => new JsonObject { ["title"] = CardMarkdown.Escape(field.Label), ["value"] = markdown.From(field.Value) })]),
    };

    private static JsonObject Status(StatusBlock status, CardMarkdown markdown) => new()
    {
        ["type"] = "ColumnSet",
        ["columns"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "Column",
                ["width"] = "auto",
                ["items"] = new JsonArray(new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = StatusBadges.Text(status.Status),
                    ["color"] = StatusBadges.Color(status.Status),
                    ["weight"] = "Bolder",
                    ["wrap"] = false,
                }),
            },
            new JsonObject
            {
                ["type"] = "Column",
                ["width"] = "stretch",
                ["items"] = new JsonArray(Text($"**{CardMarkdown.Escape(status.Label)}** — {markdown.From(status.Text)}")),
            }),
    };

    private static JsonObject ActionSet(IEnumerable<JsonObject> actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JsonArray([.. actions]),
    };

    /// <summary>A link button opens its URL; any other press arrives as <c>adaptiveCard/action</c> with the verb and the value.</summary>
    private static JsonObject Button(ButtonAction button)
    {
        var node = button.Url is { } url
            ? new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = button.Label, ["url"] = url }
            : new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = button.Label,
                ["verb"] = button.ActionId,
                ["data"] = new JsonObject { ["actionId"] = button.ActionId, ["value"] = button.Value },
            };
        if (button.Style != ButtonStyle.Default)
        {
            node["style"] = button.Style == ButtonStyle.Primary ? "positive" : "destructive";
        }

        return node;
    }

    /// <summary>The form's inputs then its submit action; the form id rides in the action's data, the values come keyed by input id.</summary>
    private static List<JsonObject> Form(FormBlock form)
    {
        var nodes = new List<JsonObject> { Text(CardMarkdown.Escape(form.Title), size: "Medium", weight: "Bolder") };
        nodes.AddRange(form.Inputs.Select(CardInputs.Render));
        nodes.Add(ActionSet([new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = form.SubmitLabel,
            ["verb"] = FormSubmitVerb,
            ["style"] = "positive",
            ["data"] = new JsonObject { ["formId"] = form.FormId },
        }]));
        return nodes;
    }
}
