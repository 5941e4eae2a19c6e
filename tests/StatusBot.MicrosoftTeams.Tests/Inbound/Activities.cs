using System.Text.Json.Nodes;

namespace StatusBot.MicrosoftTeams.Tests.Inbound;

/// <summary>A person as Teams names them: the bot-scoped <c>29:</c> id, display name and Entra object id.</summary>
public sealed record TeamsPerson(string UserId, string Name, string AadObjectId)
{
    public JsonObject Account() => new() { ["id"] = UserId, ["name"] = Name, ["aadObjectId"] = AadObjectId };

    public string Mention => $"<at>{Name}</at>";

    public JsonObject MentionEntity() => Activities.MentionEntity(Mention, UserId, Name);
}

/// <summary>
/// Activities shaped as Teams sends them to a bot
/// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages and
/// .../subscribe-to-conversation-events), for the fake service URL.
/// </summary>
public static class Activities
{
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string ProgramChannel = "19:apollo-program@thread.tacv2";
    public const string BotName = "StatusBot";
    public const string BotMention = "<at>StatusBot</at>";

    public static JsonObject Bot() => new() { ["id"] = TeamsHost.BotId, ["name"] = BotName };

    public static JsonObject MentionEntity(string text, string id, string name) => new()
    {
        ["type"] = "mention",
        ["text"] = text,
        ["mentioned"] = new JsonObject { ["id"] = id, ["name"] = name },
    };

    public static JsonObject ClientInfo(string timeZone) => new()
    {
        ["type"] = "clientInfo",
        ["locale"] = "en-GB",
        ["country"] = "GB",
        ["platform"] = "Web",
        ["timezone"] = timeZone,
    };

    /// <summary><c>@StatusBot &lt;command&gt;</c> posted in a team channel, mentioning <paramref name="mentioned"/> too.</summary>
    public static JsonObject ChannelCommand(string serviceUrl, string id, TeamsPerson from, string command, string channel = ProgramChannel, params TeamsPerson[] mentioned)
    {
        var entities = new JsonArray(MentionEntity(BotMention, TeamsHost.BotId, BotName), ClientInfo("Europe/London"));
        foreach (var person in mentioned)
        {
            entities.Add(person.MentionEntity());
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = "2026-11-30T09:00:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = from.Account(),
            ["conversation"] = new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "channel",
                ["tenantId"] = TeamsHost.Tenant,
                ["id"] = $"{channel};messageid={id}",
            },
            ["recipient"] = Bot(),
            ["textFormat"] = "plain",
            ["text"] = $"{BotMention} {command}",
            ["entities"] = entities,
            ["channelData"] = ChannelData(channel),
        };
    }

    /// <summary>Text the person typed in their personal chat with the bot, from a client in <paramref name="timeZone"/>.</summary>
    public static JsonObject Personal(string serviceUrl, string id, TeamsPerson from, string text, string? timeZone = null) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = from.Account(),
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = TeamsHost.Tenant, ["id"] = PersonalConversation(from) },
        ["recipient"] = Bot(),
        ["textFormat"] = "plain",
        ["text"] = text,
        ["entities"] = timeZone is null ? new JsonArray() : new JsonArray(ClientInfo(timeZone)),
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsHost.Tenant } },
    };

    public static string PersonalConversation(TeamsPerson person) => $"a:1-personal-{person.UserId}";

    /// <summary>An <c>Action.Execute</c> press on a card in the person's chat: <c>value.action</c> with verb and data.</summary>
    public static JsonObject CardAction(string serviceUrl, string id, TeamsPerson from, string verb, JsonObject data, string? conversationId = null) => new()
    {
        ["type"] = "invoke",
        ["name"] = "adaptiveCard/action",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = from.Account(),
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = TeamsHost.Tenant, ["id"] = conversationId ?? PersonalConversation(from) },
        ["recipient"] = Bot(),
        ["replyToId"] = "1700000000000",
        ["entities"] = new JsonArray(ClientInfo("Europe/Berlin")),
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsHost.Tenant }, ["source"] = new JsonObject { ["name"] = "message" } },
    };

    /// <summary>The bot was added to a team: <c>conversationUpdate</c> with the bot in <c>membersAdded</c>.</summary>
    public static JsonObject InstalledInTeam(string serviceUrl, string id, TeamsPerson installer) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = installer.Account(),
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = TeamsHost.Tenant, ["id"] = TeamId },
        ["recipient"] = Bot(),
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsHost.BotId }),
        ["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Apollo", ["aadGroupId"] = "c1a2b3d4-0000-4000-8000-000000000001" },
            ["eventType"] = "teamMemberAdded",
            ["tenant"] = new JsonObject { ["id"] = TeamsHost.Tenant },
        },
    };

    private static JsonObject ChannelData(string channel) => new()
    {
        ["teamsChannelId"] = channel,
        ["teamsTeamId"] = TeamId,
        ["channel"] = new JsonObject { ["id"] = channel },
        ["team"] = new JsonObject { ["id"] = TeamId },
        ["tenant"] = new JsonObject { ["id"] = TeamsHost.Tenant },
    };
}
