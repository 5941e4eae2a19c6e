using System.Text.Json;

namespace StatusBot.Slack.Interactions;

/// <summary>
/// Reads <c>state.values[block_id][action_id]</c> (https://api.slack.com/reference/interaction-payloads/views) back into
/// the core's form values keyed by input id: text as typed, choices as the option value, dates as yyyy-MM-dd,
/// checkboxes as <c>true</c>/<c>false</c>, empty inputs as null.
/// </summary>
internal static class ViewStateReader
{
    public static Dictionary<string, string?> Read(JsonElement stateValues)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (stateValues.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var block in stateValues.EnumerateObject())
        {
            foreach (var action in block.Value.EnumerateObject())
            {
                values[block.Name] = ReadElement(action.Value);
                break;
            }
        }

        return values;
    }

    private static string? ReadElement(JsonElement element) =>
        (element.TryGetProperty("type", out var type) ? type.GetString() : null) switch
        {
            "plain_text_input" => NonEmpty(String(element, "value")),
            "datepicker" => NonEmpty(String(element, "selected_date")),
            "radio_buttons" or "static_select" => element.TryGetProperty("selected_option", out var option) && option.ValueKind == JsonValueKind.Object
                ? String(option, "value")
                : null,
            "checkboxes" => element.TryGetProperty("selected_options", out var selected) && selected.ValueKind == JsonValueKind.Array
                && selected.EnumerateArray().Any(o => String(o, "value") == "true")
                ? "true"
                : "false",
            _ => NonEmpty(String(element, "value")),
        };

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
