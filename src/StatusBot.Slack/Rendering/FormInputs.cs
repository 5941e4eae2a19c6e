using System.Globalization;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;

namespace StatusBot.Slack.Rendering;

/// <summary>
/// A core <see cref="FormInput"/> as a Block Kit <c>input</c> block whose <c>block_id</c> is the input id, so the
/// submitted <c>state.values</c> and the inline errors of <c>response_action: errors</c> map straight back to it.
/// </summary>
internal static class FormInputs
{
    /// <summary>The action id of the single element inside each input block.</summary>
    public const string ElementActionId = "value";

    public static JsonObject Render(FormInput input) => new()
    {
        ["type"] = "input",
        ["block_id"] = input.Id,
        ["optional"] = !input.Required,
        ["label"] = BlockKitRenderer.PlainText(input.Label, BlockKitLimits.InputLabel),
        ["element"] = Element(input),
    };

    private static JsonObject Element(FormInput input) => input switch
    {
        ChoiceInput choice => Choice(choice),
        TextInput text => Text(text),
        DateInput date => Date(date),
        CheckboxInput checkbox => Checkbox(checkbox),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "Unknown form input"),
    };

    /// <summary>Radio buttons up to Slack's 10 options; a static select beyond that (up to 100).</summary>
    private static JsonObject Choice(ChoiceInput choice)
    {
        var options = new JsonArray();
        JsonObject? selected = null;
        foreach (var option in choice.Options.Take(BlockKitLimits.SelectOptions))
        {
            var node = Option(option.Label, option.Value);
            options.Add(node);
            if (option.Value == choice.Selected)
            {
                selected = Option(option.Label, option.Value);
            }
        }

        var element = new JsonObject
        {
            ["type"] = choice.Options.Count <= BlockKitLimits.RadioOptions ? "radio_buttons" : "static_select",
            ["action_id"] = ElementActionId,
            ["options"] = options,
        };
        if (selected is not null)
        {
            element["initial_option"] = selected;
        }

        return element;
    }

    private static JsonObject Text(TextInput text)
    {
        var element = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = ElementActionId,
            ["multiline"] = text.Multiline,
            ["max_length"] = Math.Clamp(text.MaxLength, 1, 3000),
        };
        if (!string.IsNullOrEmpty(text.Value))
        {
            element["initial_value"] = text.Value;
        }

        if (!string.IsNullOrEmpty(text.Placeholder))
        {
            element["placeholder"] = BlockKitRenderer.PlainText(text.Placeholder, BlockKitLimits.Placeholder);
        }

        return element;
    }

    private static JsonObject Date(DateInput date)
    {
        var element = new JsonObject { ["type"] = "datepicker", ["action_id"] = ElementActionId };
        if (date.Value is { } value)
        {
            element["initial_date"] = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return element;
    }

    /// <summary>One checkbox whose value is <c>true</c>; unticked means no selected option.</summary>
    private static JsonObject Checkbox(CheckboxInput checkbox)
    {
        var element = new JsonObject
        {
            ["type"] = "checkboxes",
            ["action_id"] = ElementActionId,
            ["options"] = new JsonArray(Option(checkbox.Label, "true")),
        };
        if (checkbox.Checked)
        {
            element["initial_options"] = new JsonArray(Option(checkbox.Label, "true"));
        }

        return element;
    }

    private static JsonObject Option(string label, string value) => new()
    {
        ["text"] = BlockKitRenderer.PlainText(label, BlockKitLimits.OptionText),
        ["value"] = value.Length <= BlockKitLimits.OptionValue ? value : value[..BlockKitLimits.OptionValue],
    };
}
