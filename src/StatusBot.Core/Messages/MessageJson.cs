using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusBot.Core.Messages;

/// <summary>The one JSON shape of <see cref="ChatMessage"/>: stored in the outbox and pinned by golden files.</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The same shape without indentation, which <see cref="Deserialize"/> reads alike: the form of a prompt body shared by a
    /// team's members (<c>outbox_shared_bodies</c>), a thousand of them on a Monday. About two thirds of the indented size,
    /// so two fit in a SQLite page instead of one, and under PostgreSQL's 2 KB threshold for out-of-line storage.
    /// </summary>
    public static JsonSerializerOptions CompactOptions { get; } = new(Options) { WriteIndented = false };

    public static string Serialize(ChatMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>The message in <see cref="CompactOptions"/>' form.</summary>
    public static string SerializeCompact(ChatMessage message) => JsonSerializer.Serialize(message, CompactOptions);

    public static ChatMessage Deserialize(string json) =>
        JsonSerializer.Deserialize<ChatMessage>(json, Options) ?? throw new JsonException("Empty message");
}
