using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Replies;

/// <summary>
/// Builds the core's <see cref="Caller"/> from a Slack user: identity <c>slack:{team}:{user}</c>, display name and
/// IANA time zone from <c>users.info</c>, cached for an hour so a busy person does not cost one API call per click.
/// </summary>
internal sealed class SlackCallers(SlackApiClient api, SlackUserCache cache, TimeProvider time, ILogger<SlackCallers> logger)
{
    private static readonly TimeSpan s_cacheFor = TimeSpan.FromHours(1);

    public async Task<Caller> ResolveAsync(string teamId, string userId, string? fallbackName, CancellationToken cancellationToken)
    {
        var identity = SlackIds.Person(teamId, userId);
        var now = time.GetUtcNow();
        if (cache.Entries.TryGetValue(identity, out var cached) && cached.Until > now)
        {
            return new Caller(identity, cached.User.DisplayName, cached.User.TimeZone);
        }

        try
        {
            var user = await api.GetUserAsync(teamId, userId, cancellationToken);
            cache.Entries[identity] = (user, now + s_cacheFor);
            return new Caller(identity, user.DisplayName, user.TimeZone);
        }
        catch (SlackApiException exception)
        {
            // The profile is a nicety: the command still runs with what the request itself carried.
            logger.LogWarning("users.info for {Identity} failed ({Error}); using the name from the request", identity, exception.Error);
            return new Caller(identity, string.IsNullOrEmpty(fallbackName) ? null : fallbackName);
        }
    }
}

/// <summary>The process-wide cache behind <see cref="SlackCallers"/>.</summary>
internal sealed class SlackUserCache
{
    public ConcurrentDictionary<string, (SlackUser User, DateTimeOffset Until)> Entries { get; } = new(StringComparer.Ordinal);
}
