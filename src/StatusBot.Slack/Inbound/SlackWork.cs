using System.Text.Json;
using StatusBot.Core.Inbound;

namespace StatusBot.Slack.Inbound;

/// <summary>
/// What a Slack request leaves to do after its acknowledgement, stored as an inbound-work row (kind <c>slack.*</c>)
/// before Slack gets its 200. Only the fields the kind needs are set.
/// </summary>
internal sealed record SlackWork
{
    public const string Command = "slack.command";
    public const string DirectMessage = "slack.dm";
    public const string Home = "slack.home";
    public const string Button = "slack.button";
    public const string Form = "slack.form";
    public const string Shortcut = "slack.shortcut";

    public required string TeamId { get; init; }
    public required string UserId { get; init; }
    public string? UserName { get; init; }
    public string? Text { get; init; }
    public string? ChannelId { get; init; }
    public string? ResponseUrl { get; init; }
    public string? TriggerId { get; init; }
    public string? ActionId { get; init; }
    public string? Value { get; init; }
    public Dictionary<string, string?>? Values { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, SlackWorkJson.Options);

    public static SlackWork FromJson(string json) =>
        JsonSerializer.Deserialize<SlackWork>(json, SlackWorkJson.Options) ?? throw new JsonException("empty Slack work payload");
}

internal static class SlackWorkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Stores Slack work before the acknowledgement (the adapter's side of <see cref="InboundWorkInbox"/>).</summary>
internal sealed class SlackInbox(InboundWorkInbox inbox)
{
    /// <summary>Commits the work; false when <paramref name="dedupKey"/> was stored before (a Slack retry: drop it).</summary>
    public async Task<bool> StoreAsync(string kind, SlackWork work, string? dedupKey, CancellationToken cancellationToken) =>
        await inbox.StoreAsync(kind, SlackIds.Workspace(work.TeamId), work.ToJson(), dedupKey, cancellationToken) is not null;
}
