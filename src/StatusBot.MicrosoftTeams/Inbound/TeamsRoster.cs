using Microsoft.Extensions.Logging;
using StatusBot.Core.Delivery;
using StatusBot.Core.Storage;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Delivery;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>
/// A team's roster as stored conversation references: one per member, addressed by identity
/// (<c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c>) with the bot-scoped <c>29:</c> id and no conversation yet (the first
/// proactive message creates the 1:1). Mentions, which carry only the <c>29:</c> id, resolve through it.
/// </summary>
internal sealed class TeamsRoster(IStatusBotStore store, RosterClient roster, TeamsRateLimiter limiter, TimeProvider time, ILogger<TeamsRoster> logger)
{
    /// <summary>Fetches the team's roster and stores a reference per member; returns how many were stored.</summary>
    public async Task<int> RefreshAsync(string tenantId, Uri serviceUrl, string teamId, CancellationToken cancellationToken)
    {
        // Counted against the tenant's budget like every Connector call; a roster read may wait for it.
        var slot = limiter.Reserve(TeamsOperation.Other, tenantId, null, TimeSpan.FromMinutes(1));
        await Task.Delay(slot.Wait, time, cancellationToken);
        var members = await roster.GetMembersAsync(serviceUrl, teamId, cancellationToken);
        var now = time.GetUtcNow();
        await using var session = await store.BeginAsync(cancellationToken);
        foreach (var member in members)
        {
            await session.ConversationReferences.UpsertAsync(
                new ConversationReference
                {
                    Address = TeamsIds.Person(tenantId, member.AadObjectId),
                    ServiceUrl = serviceUrl.AbsoluteUri,
                    PlatformUserId = member.Id,
                    UpdatedAt = now,
                },
                cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return members.Count;
    }

    /// <summary>
    /// The identities of the people a command mentions, keyed by the mention's <c>&lt;at&gt;</c> text as the core's
    /// tokenizer expects. A <c>29:</c> id not stored yet makes the team's roster be read once (a member who joined
    /// since the install); a mention still unknown after that is left out, and the command says whom it could not find.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>?> ResolveMentionsAsync(TeamsWork work, CancellationToken cancellationToken)
    {
        if (work.Mentions is not { Count: > 0 } mentions)
        {
            return null;
        }

        var prefix = TeamsIds.TenantPrefix(work.TenantId);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        var refreshed = false;
        foreach (var (text, userId) in mentions)
        {
            var found = await FindAsync(prefix, userId, cancellationToken);
            if (found is null && !refreshed && work.TeamId is not null)
            {
                refreshed = true;
                try
                {
                    await RefreshAsync(work.TenantId, new Uri(work.ServiceUrl), work.TeamId, cancellationToken);
                }
                catch (BotConnectorException exception)
                {
                    logger.LogWarning("Reading the roster of team {TeamId} failed ({Error}); mentions stay unresolved", work.TeamId, exception.Message);
                }

                found = await FindAsync(prefix, userId, cancellationToken);
            }

            if (found is not null)
            {
                resolved[text] = found;
            }
        }

        return resolved;
    }

    private async Task<string?> FindAsync(string prefix, string userId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return (await session.ConversationReferences.FindByPlatformUserIdAsync(prefix, userId, cancellationToken))?.Address;
    }
}
