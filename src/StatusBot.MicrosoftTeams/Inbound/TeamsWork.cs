using System.Text.Json;
using System.Text.Json.Serialization;
using StatusBot.Core.Inbound;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>
/// What a Teams activity leaves to do after its acknowledgement, stored as an inbound-work row (kind <c>teams.*</c>)
/// before Teams gets its 200. Only the fields the kind needs are set.
/// </summary>
internal sealed record TeamsWork
{
    /// <summary>A command: <c>@StatusBot &lt;command&gt;</c> in a channel, or a command typed in the personal chat.</summary>
    public const string Command = "teams.command";

    /// <summary>Personal-chat text that is not a command: a conversational check-in answer.</summary>
    public const string DirectMessage = "teams.dm";

    /// <summary>A card action (<c>Action.Execute</c>): run inside its invoke request; run here only if that request died.</summary>
    public const string CardAction = "teams.action";

    /// <summary>The bot was installed in a team (or members joined): read the roster and store a reference per member.</summary>
    public const string Roster = "teams.roster";

    public required string TenantId { get; init; }
    public required string ServiceUrl { get; init; }
    public string? UserId { get; init; }
    public string? AadObjectId { get; init; }
    public string? UserName { get; init; }
    public string? TimeZone { get; init; }
    public string? ConversationId { get; init; }
    public bool Personal { get; init; }
    public string? ActivityId { get; init; }
    public string? TeamId { get; init; }
    public string? ChannelId { get; init; }
    public string? Text { get; init; }

    /// <summary>Mentions other than the bot's: the <c>&lt;at&gt;…&lt;/at&gt;</c> text → the mentioned <c>29:</c> id.</summary>
    public Dictionary<string, string>? Mentions { get; init; }

    public string? ActionId { get; init; }
    public string? Value { get; init; }
    public string? FormId { get; init; }
    public Dictionary<string, string?>? Values { get; init; }

    public Caller Caller() => new(TeamsIds.Person(TenantId, AadObjectId ?? UserId ?? string.Empty), UserName, TimeZone);

    public string ToJson() => JsonSerializer.Serialize(this, TeamsWorkJson.Options);

    public static TeamsWork FromJson(string json) =>
        JsonSerializer.Deserialize<TeamsWork>(json, TeamsWorkJson.Options) ?? throw new JsonException("empty Teams work payload");
}

internal static class TeamsWorkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
