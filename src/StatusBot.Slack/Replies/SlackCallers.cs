using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Inbound;
using StatusBot.Core.Storage;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Replies;

/// <summary>
/// Builds the core's <see cref="Caller"/> from a Slack user: identity <c>slack:{team}:{user}</c>, display name and
/// IANA time zone from <c>users.info</c>, cached for an hour so a busy person does not cost one API call per click.
/// A person the bot knows already (stored) is looked up only when the workspace's <c>users.info</c> budget (Tier 4,
/// about 100 a minute) has a slot free at once; otherwise their stored name and zone serve, and the profile is looked up
/// at a quieter moment. On a Monday morning thousands of people answer within minutes: each of them waited for a slot
/// before (up to <c>Slack:MaxClientWait</c>, 2 s), which delayed every reply and made forms fail to open in time (a
/// click's <c>trigger_id</c> lasts 3 s).
/// </summary>
internal sealed class SlackCallers(SlackApiClient api, SlackUserCache cache, IStatusBotStore store, TimeProvider time, ILogger<SlackCallers> logger)
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

        var known = await KnownAsync(identity, cancellationToken);
        try
        {
            var user = await api.GetUserAsync(teamId, userId, cancellationToken, known is null ? null : TimeSpan.Zero);
            cache.Entries[identity] = (user, now + s_cacheFor);
            return new Caller(identity, user.DisplayName, user.TimeZone);
        }
        catch (SlackApiException exception) when (known is not null)
        {
            // No slot free at once (or Slack refused): what is stored serves; the profile is looked up at a later click.
            if (exception.Kind != SlackErrorKind.RateLimited)
            {
                logger.LogWarning("users.info for {Identity} failed ({Error}); using the stored profile", identity, exception.Error);
            }

            return known;
        }
        catch (SlackApiException exception)
        {
            // The profile is a nicety: the command still runs with what the request itself carried.
            logger.LogWarning("users.info for {Identity} failed ({Error}); using the name from the request", identity, exception.Error);
            return new Caller(identity, string.IsNullOrEmpty(fallbackName) ? null : fallbackName);
        }
    }

    /// <summary>The stored person as a caller (name and zone as last stored), or null when the bot has not met them.</summary>
    private async Task<Caller?> KnownAsync(string identity, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenAutoCommitAsync(cancellationToken);
        return await session.People.FindByIdentityAsync(identity, cancellationToken) is { } person
            ? new Caller(identity, person.DisplayName, person.TimeZone)
            : null;
    }
}

/// <summary>The process-wide cache behind <see cref="SlackCallers"/>.</summary>
internal sealed class SlackUserCache
{
    public ConcurrentDictionary<string, (SlackUser User, DateTimeOffset Until)> Entries { get; } = new(StringComparer.Ordinal);
}
