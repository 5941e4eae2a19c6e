namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>What a 1:1 conversation is created with: the bot, the person (<c>29:…</c> id) and the tenant.</summary>
public sealed record OneOnOneConversation(string BotId, string UserId, string TenantId);

/// <summary>The Connector's answer to a created conversation.</summary>
public sealed record CreatedConversation(string Id, string? ActivityId, string? ServiceUrl);
