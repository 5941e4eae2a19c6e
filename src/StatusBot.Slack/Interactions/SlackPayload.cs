using System.Text.Json;

namespace StatusBot.Slack.Interactions;

/// <summary>Small, null-tolerant readers for Slack's JSON payloads.</summary>
internal static class SlackPayload
{
    public static string? Text(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    public static JsonElement Child(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return default;
            }
        }

        return current;
    }

    /// <summary>The workspace of an interaction: <c>user.team_id</c>, else <c>team.id</c>.</summary>
    public static string? TeamOf(JsonElement payload) => payload.Text("user", "team_id") ?? payload.Text("team", "id");
}
