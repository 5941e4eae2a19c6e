using System.Globalization;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;

namespace StatusBot.MicrosoftTeams.Rendering;

/// <summary>
/// A core <see cref="FormInput"/> as an Adaptive Card input whose <c>id</c> is the input id, so the values of an
/// <c>Action.Execute</c> come back keyed as the core expects (all as strings; <c>Input.Date</c> as <c>YYYY-MM-DD</c>,
/// <c>Input.Toggle</c> as <c>true</c>/<c>false</c>). https://adaptivecards.io/explorer/
/// </summary>
internal static class CardInputs
{
    /// <summary>Radio buttons up to this many options, a drop-down beyond.</summary>
    public const int ExpandedChoices = 5;

    public static JsonObject Render(FormInput input)
    {
        var node = input switch
        {
            ChoiceInput choice => Choice(choice),
            TextInput text => Text(text),
            DateInput date => Date(date),
            CheckboxInput checkbox => Toggle(checkbox),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "Unknown form input"),
        };
        if (input.Required)
        {
            node["isRequired"] = true;
            node["errorMessage"] = $"{input.Label} is required.";
        }

        return node;
    }

    private static JsonObject Choice(ChoiceInput choice)
    {
        var node = new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = choice.Id,
            ["label"] = choice.Label,
            ["style"] = choice.Options.Count <= ExpandedChoices ? "expanded" : "compact",
            ["choices"] = new JsonArray([.. choice.Options.Select(option => new JsonObject { ["title"] = option.Label, ["value"] = option.Value })]),
        };
        if (choice.Selected is not null)
        {
            node["value"] = choice.Selected;
        }

        return node;
    }

    private static JsonObject Text(TextInput text)
    {
        var node = new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = text.Id,
            ["label"] = text.Label,
            ["isMultiline"] = text.Multiline,
            ["maxLength"] = Math.Max(1, text.MaxLength),
        };
        if (!string.IsNullOrEmpty(text.Value))
        {
            node["value"] = text.Value;
        }

        if (!string.IsNullOrEmpty(text.Placeholder))
        {
            node["placeholder"] = text.Placeholder;
        }

        return node;
    }

    private static JsonObject Date(DateInput date)
    {
        var node = new JsonObject { ["type"] = "Input.Date", ["id"] = date.Id, ["label"] = date.Label };
        if (date.Value is { } value)
        {
            node["value"] = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return node;
    }

    private static JsonObject Toggle(CheckboxInput checkbox) => new()
    {
        ["type"] = "Input.Toggle",
        ["id"] = checkbox.Id,
        ["title"] = checkbox.Label,
        ["value"] = checkbox.Checked ? "true" : "false",
        ["valueOn"] = "true",
        ["valueOff"] = "false",
    };
}
