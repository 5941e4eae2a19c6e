using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Startup;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Install;

/// <summary>
/// The bot token per workspace: the one installed through OAuth (decrypted, cached in memory), else the configured
/// single-workspace <c>Slack:BotToken</c>. A workspace with neither is refused permanently. A cached token is re-read
/// from the store after <c>Slack:TokenCacheLifetime</c>: a re-install handled by another instance is seen here within
/// that time (this instance forgets at once the token of an install it handled itself).
/// </summary>
internal sealed class SlackTokenSource(
    IOptions<SlackOptions> options,
    IWorkspaceInstallationRepository installations,
    TimeProvider time,
    SlackTokenProtector? protector = null) : ISlackTokenSource
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ReadAt)> _tokens = new(StringComparer.Ordinal);

    public async ValueTask<string> GetBotTokenAsync(string teamId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(teamId, out var cached) && now - cached.ReadAt < options.Value.TokenCacheLifetime)
        {
            return cached.Token;
        }

        if (protector is not null && await installations.GetAsync(SlackIds.Workspace(teamId), cancellationToken) is { } installation)
        {
            var token = protector.Unprotect(teamId, installation.EncryptedBotToken);
            _tokens[teamId] = (token, now);
            return token;
        }

        return options.Value.BotToken is { Length: > 0 } configured
            ? configured
            : throw new SlackApiException("token", "not_installed", SlackErrorKind.Permanent);
    }

    /// <summary>A (re)install replaced the token.</summary>
    public void Forget(string teamId) => _tokens.TryRemove(teamId, out _);
}
