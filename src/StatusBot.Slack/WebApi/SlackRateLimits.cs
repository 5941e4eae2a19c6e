namespace StatusBot.Slack.WebApi;

/// <summary>
/// Slack's published Web API limits (https://api.slack.com/apis/rate-limits): tiers per method per
/// workspace, and for <c>chat.postMessage</c> about one message per second per channel. The client keeps a
/// small safety margin under them so a well-behaved drain never sees a 429.
/// </summary>
internal sealed class SlackRateLimits
{
    /// <summary>Fraction of each published rate the client uses.</summary>
    public double SafetyFactor { get; init; } = 0.98;

    /// <summary>Per channel for <c>chat.postMessage</c>.</summary>
    public double PostMessagePerChannelPerSecond { get; init; } = 1.0;

    /// <summary>Per workspace for <c>chat.postMessage</c> ("several hundred per minute").</summary>
    public double PostMessagePerWorkspacePerMinute { get; init; } = 600;

    public static double TierPerMinute(int tier) => tier switch
    {
        1 => 1,
        2 => 20,
        3 => 50,
        _ => 100,
    };

    /// <summary>The tier of each method this adapter calls.</summary>
    public static int TierOf(string method) => method switch
    {
        "apps.connections.open" => 1,
        "oauth.v2.access" or "auth.test" => 4,
        "chat.update" or "conversations.open" or "conversations.info" or "users.lookupByEmail" => 3,
        _ => 4,
    };
}
