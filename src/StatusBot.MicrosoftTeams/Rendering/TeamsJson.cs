using System.Text.Encodings.Web;
using System.Text.Json;

namespace StatusBot.MicrosoftTeams.Rendering;

/// <summary>JSON written for Teams: emoji and <c>&lt;at&gt;</c> kept readable (the payload is JSON, not HTML).</summary>
internal static class TeamsJson
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions Compact { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
