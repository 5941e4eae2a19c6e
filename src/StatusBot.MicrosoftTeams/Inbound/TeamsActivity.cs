using System.Text.Json;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>
/// The fields of a Bot Framework activity the bot reads
/// (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object),
/// parsed once from the body whose token was validated. Missing fields are null.
/// </summary>
internal sealed record TeamsActivity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public string? Text { get; init; }
    public string? Action { get; init; }
    public string? ReplyToId { get; init; }
    public TeamsAccount? From { get; init; }
    public TeamsAccount? Recipient { get; init; }
    public string? ConversationId { get; init; }

    /// <summary><c>personal</c>, <c>channel</c> or <c>groupChat</c>.</summary>
    public string? ConversationType { get; init; }

    /// <summary>The tenant: <c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>channelData.team.id</c>: the team's General channel id, the key of its roster.</summary>
    public string? TeamId { get; init; }

    /// <summary><c>channelData.channel.id</c>: the channel a team message was posted in (<c>19:…@thread.tacv2</c>).</summary>
    public string? TeamChannelId { get; init; }

    public string? EventType { get; init; }

    /// <summary>The IANA zone of the sender's client (<c>clientInfo</c> entity), when it sent one.</summary>
    public string? TimeZone { get; init; }

    public IReadOnlyList<TeamsAccount> MembersAdded { get; init; } = [];

    /// <summary><c>mention</c> entities: the <c>&lt;at&gt;…&lt;/at&gt;</c> text and the mentioned account.</summary>
    public IReadOnlyList<(string Text, TeamsAccount Mentioned)> Mentions { get; init; } = [];

    public JsonElement? Value { get; init; }

    public bool IsPersonal => ConversationType == "personal";

    /// <summary>Parses the activity, or null when the body is not a JSON object.</summary>
    public static TeamsActivity? Parse(string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var conversation = Child(root, "conversation");
        var channelData = Child(root, "channelData");
        var entities = Child(root, "entities");
        var mentions = new List<(string, TeamsAccount)>();
        string? zone = null;
        if (entities is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var entity in list.EnumerateArray())
            {
                switch (Str(entity, "type"))
                {
                    case "mention" when Str(entity, "text") is { } text && Account(Child(entity, "mentioned")) is { } mentioned:
                        mentions.Add((text, mentioned));
                        break;
                    case "clientInfo" when Str(entity, "timezone") is { Length: > 0 } timezone:
                        zone = timezone;
                        break;
                }
            }
        }

        var membersAdded = Child(root, "membersAdded") is { ValueKind: JsonValueKind.Array } added
            ? added.EnumerateArray().Select(member => Account(member)).OfType<TeamsAccount>().ToList()
            : [];
        return new TeamsActivity
        {
            Type = Str(root, "type"),
            Id = Str(root, "id"),
            Name = Str(root, "name"),
            ChannelId = Str(root, "channelId"),
            ServiceUrl = Str(root, "serviceUrl"),
            Text = Str(root, "text"),
            Action = Str(root, "action"),
            ReplyToId = Str(root, "replyToId"),
            From = Account(Child(root, "from")),
            Recipient = Account(Child(root, "recipient")),
            ConversationId = Str(conversation, "id"),
            ConversationType = Str(conversation, "conversationType"),
            TenantId = Str(conversation, "tenantId") ?? Str(Child(channelData, "tenant"), "id"),
            TeamId = Str(Child(channelData, "team"), "id"),
            TeamChannelId = Str(Child(channelData, "channel"), "id"),
            EventType = Str(channelData, "eventType"),
            TimeZone = zone,
            MembersAdded = membersAdded,
            Mentions = mentions,
            Value = Child(root, "value"),
        };
    }

    internal static JsonElement? Child(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    internal static string? Str(JsonElement? element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static TeamsAccount? Account(JsonElement? element) =>
        Str(element, "id") is { } id ? new TeamsAccount(id, Str(element, "name"), Str(element, "aadObjectId")) : null;
}

/// <summary>A channel account: the <c>29:…</c> (person) or <c>28:…</c> (bot) id, the name, and a person's Entra object id.</summary>
internal sealed record TeamsAccount(string Id, string? Name, string? AadObjectId);
