using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Startup;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Install;

/// <summary>
/// "Add to Slack" with OAuth v2 (https://api.slack.com/authentication/oauth-v2): <c>GET /slack/install</c> redirects
/// to Slack's consent page with a signed, browser-bound, single-use state (<see cref="InstallState"/>) and the configured
/// callback address (<see cref="InstallCallback"/>); <c>GET /slack/oauth/callback</c> exchanges the code, stores the bot
/// token encrypted, creates the workspace and makes the installing person its administrator.
/// </summary>
internal static class InstallEndpoints
{
    public const string AuthorizeUrl = "https://slack.com/oauth/v2/authorize";
    public const string BotScopes = "commands,chat:write,im:history,im:write,users:read,channels:read";

    public static void Map(RouteGroupBuilder slack)
    {
        slack.MapGet("/install", (HttpContext context, InstallState state, InstallCallback callback, IOptions<SlackOptions> options) =>
        {
            var (issued, nonce) = state.Issue();

            // The browser keeps the nonce; the callback must bring it back with the state. Lax: Slack's redirect back is a
            // top-level GET navigation, on which Lax cookies travel.
            context.Response.Cookies.Append(InstallState.CookieName, nonce, new CookieOptions
            {
                HttpOnly = true,
                Secure = callback.Secure,
                SameSite = SameSiteMode.Lax,
                Path = InstallCallback.Path,
                MaxAge = InstallState.Lifetime,
                IsEssential = true,
            });
            var query = new Dictionary<string, string?>
            {
                ["client_id"] = options.Value.ClientId,
                ["scope"] = BotScopes,
                ["state"] = issued,
                ["redirect_uri"] = callback.Uri,
            };
            return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(AuthorizeUrl, query));
        });

        slack.MapGet("/oauth/callback", CallbackAsync);
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext context,
        InstallState state,
        InstallCallback callback,
        IInstallStateLog usedStates,
        SlackApiClient api,
        IWorkspaceInstallationRepository installations,
        SlackTokenProtector protector,
        SlackTokenSource tokens,
        IStatusBotStore store,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("error"))
        {
            return Results.Text($"StatusBot was not installed: Slack said '{query["error"]}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var (nonce, refusal) = state.Check(query["state"], context.Request.Cookies[InstallState.CookieName]);
        if (nonce is null)
        {
            return Results.Text(refusal!, statusCode: StatusCodes.Status400BadRequest);
        }

        // Single use, on every instance: the first callback with this state records it, a replay finds it recorded.
        var now = time.GetUtcNow();
        context.Response.Cookies.Delete(InstallState.CookieName, new CookieOptions { Path = InstallCallback.Path, Secure = callback.Secure });
        if (!await usedStates.TryUseAsync(nonce, now, now - InstallState.Lifetime, cancellationToken))
        {
            return Results.Text("This install link was already used; start again from /slack/install.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrEmpty(query["code"]))
        {
            return Results.Text("Slack did not send an authorization code.", statusCode: StatusCodes.Status400BadRequest);
        }

        SlackOAuthGrant grant;
        try
        {
            grant = await api.ExchangeOAuthCodeAsync(query["code"]!, callback.Uri, cancellationToken);
        }
        catch (SlackApiException exception)
        {
            loggers.CreateLogger(typeof(InstallEndpoints)).LogWarning("oauth.v2.access failed: {Error}", exception.Error);
            return Results.Text($"Slack refused the installation ({exception.Error}); please start again.", statusCode: StatusCodes.Status502BadGateway);
        }

        await installations.UpsertAsync(
            new WorkspaceInstallation
            {
                WorkspaceId = SlackIds.Workspace(grant.TeamId),
                WorkspaceName = grant.TeamName,
                BotUserId = grant.BotUserId,
                EncryptedBotToken = protector.Protect(grant.TeamId, grant.BotToken),
                InstalledByUserId = grant.InstallingUserId,
                InstalledAt = now,
            },
            cancellationToken);
        tokens.Forget(grant.TeamId);
        await RecordWorkspaceAsync(store, grant, now, cancellationToken);
        return Results.Text($"StatusBot is installed in {grant.TeamName}. Type /statusbot help in Slack to start.");
    }

    /// <summary>The workspace row, and its installer as an administrator (an existing person is promoted).</summary>
    private static async Task RecordWorkspaceAsync(IStatusBotStore store, SlackOAuthGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var workspaceId = SlackIds.Workspace(grant.TeamId);
        await session.Workspaces.UpsertAsync(new Workspace { Id = workspaceId, Platform = ChatPlatform.Slack, Name = grant.TeamName, CreatedAt = now }, cancellationToken);
        if (grant.InstallingUserId.Length > 0)
        {
            var identity = SlackIds.Person(grant.TeamId, grant.InstallingUserId);
            if (await session.People.FindByIdentityAsync(identity, cancellationToken) is { } person)
            {
                await session.People.UpdateAsync(person with { IsAdmin = true, Active = true }, cancellationToken);
            }
            else
            {
                await session.People.AddAsync(
                    new Person { WorkspaceId = workspaceId, Identity = identity, DisplayName = grant.InstallingUserId, TimeZone = "UTC", IsAdmin = true, CreatedAt = now },
                    cancellationToken);
            }
        }

        await session.CommitAsync(cancellationToken);
    }

    /// <summary>A key for the state MAC derived from the token key, so one secret serves both.</summary>
    public static byte[] StateKey(string tokenEncryptionKey) =>
        HMACSHA256.HashData(Convert.FromBase64String(tokenEncryptionKey), "statusbot-slack-install-state"u8);
}
