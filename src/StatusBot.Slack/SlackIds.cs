namespace StatusBot.Slack;

/// <summary>Slack ids in the core's platform-neutral form: <c>slack:{team}:{user}</c>, <c>slack:{team}:{channel}</c>, workspace <c>slack:{team}</c>.</summary>
internal static class SlackIds
{
    public static string Person(string teamId, string userId) => $"slack:{teamId}:{userId}";

    public static string Channel(string teamId, string channelId) => $"slack:{teamId}:{channelId}";

    public static string Workspace(string teamId) => $"slack:{teamId}";

    /// <summary>Splits <c>slack:T:X</c> into team and user/channel id; false for anything else.</summary>
    public static bool TryParse(string address, out string teamId, out string id)
    {
        var parts = address.Split(':');
        if (parts is ["slack", { Length: > 0 } team, { Length: > 0 } rest])
        {
            teamId = team;
            id = rest;
            return true;
        }

        teamId = id = string.Empty;
        return false;
    }
}
