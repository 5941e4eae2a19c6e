namespace StatusBot.MicrosoftTeams.Delivery;

/// <summary>
/// A neutral Teams address: <c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c> for a person,
/// <c>teams:&lt;tenant&gt;:&lt;channelId&gt;</c> for a channel. Split on the first two colons only: channel ids
/// contain colons themselves (<c>19:abc@thread.tacv2</c>).
/// </summary>
internal static class TeamsAddress
{
    public const string Prefix = "teams";

    public static bool TryParse(string address, out string tenantId, out string id)
    {
        var parts = address.Split(':', 3);
        if (parts is [Prefix, { Length: > 0 } tenant, { Length: > 0 } rest])
        {
            tenantId = tenant;
            id = rest;
            return true;
        }

        tenantId = string.Empty;
        id = string.Empty;
        return false;
    }
}
