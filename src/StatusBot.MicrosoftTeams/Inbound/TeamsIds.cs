namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>
/// The neutral addresses of Teams things: a person is <c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c> (stable across
/// apps, unlike the bot-scoped <c>29:</c> id), a channel <c>teams:&lt;tenant&gt;:&lt;channel id&gt;</c>.
/// </summary>
internal static class TeamsIds
{
    public static string Workspace(string tenantId) => $"teams:{tenantId}";

    public static string Person(string tenantId, string aadObjectId) => $"teams:{tenantId}:{aadObjectId}";

    public static string Channel(string tenantId, string channelId) => $"teams:{tenantId}:{channelId}";

    /// <summary>The prefix every address of the tenant starts with.</summary>
    public static string TenantPrefix(string tenantId) => $"teams:{tenantId}:";

    /// <summary>A channel conversation id names the thread after <c>;messageid=</c>; the channel itself is before it.</summary>
    public static string ChannelOfConversation(string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? conversationId : conversationId[..thread];
    }
}
