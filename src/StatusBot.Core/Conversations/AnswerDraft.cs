using System.Text.Json;
using System.Text.Json.Serialization;
using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Conversations;

/// <summary>
/// An answer waiting for its status, carried in the value of each status button so that no conversation state
/// has to be stored between the DM and the press. Everything in it is re-checked when the button comes back:
/// a button value is whatever the client sends.
/// </summary>
public sealed record AnswerDraft(
    [property: JsonPropertyName("s")] CheckInStatus Status,
    [property: JsonPropertyName("t")] long? TeamId,
    [property: JsonPropertyName("c")] long? CycleId,
    [property: JsonPropertyName("p")] string Progress,
    [property: JsonPropertyName("n")] string Next,
    [property: JsonPropertyName("b")] IReadOnlyList<string> Blockers,
    [property: JsonPropertyName("d")] IReadOnlyList<DependencyUpdate> Dependencies,
    [property: JsonPropertyName("o")] string? Note,
    [property: JsonPropertyName("r")] IReadOnlyList<long>? Resolved = null)
{
    /// <summary>The blockers the answer marks resolved (none when the value carried none).</summary>
    [JsonIgnore]
    public IReadOnlyList<long> ResolvedIds => Resolved ?? [];

    /// <summary>Slack allows 2,000 characters in a button value; stay under it with room to spare.</summary>
    public const int MaxValueLength = 1900;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToValue() => JsonSerializer.Serialize(this, Options);

    public static AnswerDraft? FromValue(string? value)
    {
        try
        {
            var draft = string.IsNullOrEmpty(value) ? null : JsonSerializer.Deserialize<AnswerDraft>(value, Options);
            return draft is { Progress: not null, Next: not null, Blockers: not null, Dependencies: not null } && Enum.IsDefined(draft.Status) ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
