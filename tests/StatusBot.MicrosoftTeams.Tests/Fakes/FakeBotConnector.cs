using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace StatusBot.MicrosoftTeams.Tests.Fakes;

/// <summary>
/// Microsoft Entra's token endpoint and the Bot Connector service, served on loopback. The token endpoint issues
/// numbered tokens and counts requests; the Connector refuses calls without a token it issued (401), records every
/// request and can be told to answer the next calls with 429 + Retry-After or a 5xx. Like the real service it
/// enforces Teams' published limits (<see cref="PublishedTeamsLimits"/>: per thread for sends and for creating a
/// conversation, per tenant for every call), answering 429 with the seconds until the window has room.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter, string? Body)> _failures = new();
    private readonly ConcurrentDictionary<string, bool> _issued = new();
    private WebApplication? _app;
    private int _tokenRequests;
    private int _activityIds;
    private int _rateLimitedAnswers;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The <c>serviceUrl</c> of conversations on this fake (a path, like the public cloud's <c>/teams/</c>).</summary>
    public Uri ServiceUrl => new(BaseUrl, "teams/");

    public Uri TokenEndpoint => new(BaseUrl, $"{TenantId}/oauth2/v2.0/token");

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Whether Teams' published limits are enforced (on, as the real service does).</summary>
    public bool EnforceLimits { get; set; } = true;

    public PublishedTeamsLimits Limits { get; } = new(TimeProvider.System);

    /// <summary>How many calls the fake refused with 429 because a published limit was exceeded (not counting injected ones).</summary>
    public int RateLimitedAnswers => Volatile.Read(ref _rateLimitedAnswers);

    /// <summary>The calls the fake answered with success, in order: what reached people and channels.</summary>
    public ConcurrentQueue<RecordedRequest> Accepted { get; } = new();

    /// <summary>The activities posted with success, as (conversation id, card), excluding updates: count them for lost and duplicated messages.</summary>
    public IReadOnlyList<RecordedRequest> Posted => [.. Accepted.Where(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal))];

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenForms { get; } = new();

    /// <summary>Seconds of lifetime of the tokens issued from now on.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3599;

    /// <summary>When set, token requests wait for it: lets a test pile up concurrent callers.</summary>
    public TaskCompletionSource? TokenGate { get; set; }

    public static async Task<FakeBotConnector> StartAsync()
    {
        var fake = new FakeBotConnector();
        var (app, baseUrl) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/{tenant}/oauth2/v2.0/token", (Delegate)fake.TokenAsync);
            app.Map("/teams/v3/{**rest}", (Delegate)fake.ConnectorAsync);
        });
        fake._app = app;
        fake.BaseUrl = baseUrl;
        return fake;
    }

    /// <summary>Team rosters served by <c>GET /v3/conversations/{teamId}/pagedmembers</c>, keyed by team id.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<JsonObject>> Rosters { get; } = new();

    /// <summary>Members per roster page at most (smaller than Teams' 500, so paging is exercised).</summary>
    public int RosterPageSize { get; set; } = 2;

    /// <summary>A roster member as Teams returns it: the bot-scoped <c>29:</c> id and the Entra object id.</summary>
    public static JsonObject Member(string userId, string name, string aadObjectId) => new()
    {
        ["id"] = userId,
        ["name"] = name,
        ["aadObjectId"] = aadObjectId,
        ["tenantId"] = TenantId,
        ["userRole"] = "user",
    };

    /// <summary>The next call to the Connector gets this answer instead of success.</summary>
    public void FailNext(HttpStatusCode status, string? retryAfter = null, string? body = null) => _failures.Enqueue((status, retryAfter, body));

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync();
        TokenForms.Enqueue(form.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()));
        if (TokenGate is { } gate)
        {
            await gate.Task;
        }

        if (form["client_secret"] != "app-password")
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }

        var token = $"token-{TokenRequests}";
        _issued[token] = true;
        return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = TokenLifetimeSeconds, ["ext_expires_in"] = TokenLifetimeSeconds, ["access_token"] = token });
    }

    private async Task<IResult> ConnectorAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value!, rawTarget, authorization, body.Length == 0 ? null : JsonNode.Parse(body), TimeProvider.System.GetTimestamp());
        Requests.Enqueue(recorded);
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(authorization[7..]))
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "Unauthorized", ["message"] = "Authorization has been denied for this request." } }, statusCode: 401);
        }

        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            return Results.Text(failure.Body ?? string.Empty, "application/json", statusCode: (int)failure.Status);
        }

        var path = recorded.Path;
        if (EnforceLimits && Limits.Admit(ThreadKey(recorded)) is { } wait)
        {
            Interlocked.Increment(ref _rateLimitedAnswers);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "TooManyRequests", ["message"] = "Too many requests" } }, statusCode: 429);
        }

        Accepted.Enqueue(recorded);
        if (context.Request.Method == "GET" && path.StartsWith("/teams/v3/conversations/", StringComparison.Ordinal) && path.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            return Roster(path["/teams/v3/conversations/".Length..^"/pagedmembers".Length], context.Request.Query["continuationToken"].ToString());
        }

        if (context.Request.Method == "POST" && path == "/teams/v3/conversations")
        {
            return Results.Json(new JsonObject { ["id"] = "a:1-personal-" + recorded.Body!["members"]![0]!["id"], ["serviceUrl"] = ServiceUrl.ToString() });
        }

        if (context.Request.Method == "PUT")
        {
            return Results.Json(new JsonObject { ["id"] = path[(path.LastIndexOf('/') + 1)..] });
        }

        return Results.Json(new JsonObject { ["id"] = $"activity-{Interlocked.Increment(ref _activityIds)}" }, statusCode: 201);
    }

    private IResult Roster(string teamId, string continuation)
    {
        if (!Rosters.TryGetValue(teamId, out var members))
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "ConversationNotFound", ["message"] = "Conversation not found." } }, statusCode: 404);
        }

        var start = continuation.Length == 0 ? 0 : int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture);
        var page = members.Skip(start).Take(RosterPageSize).Select(m => (JsonNode)m.DeepClone()).ToArray();
        var next = start + page.Length;
        var body = new JsonObject { ["members"] = new JsonArray(page) };
        if (next < members.Count)
        {
            body["continuationToken"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Json(body);
    }

    /// <summary>
    /// The thread limit a call counts against: creating a 1:1 counts per member, posting or updating an activity per
    /// conversation; anything else (roster reads) only against the tenant.
    /// </summary>
    private static string? ThreadKey(RecordedRequest request) => request switch
    {
        { Method: "POST", Path: "/teams/v3/conversations" } => "create|" + request.Body?["members"]?[0]?["id"],
        { Method: "POST" or "PUT" } when request.Path.StartsWith("/teams/v3/conversations/", StringComparison.Ordinal) =>
            "send|" + request.Path["/teams/v3/conversations/".Length..].Split("/activities")[0],
        _ => null,
    };

    /// <summary>The conversation an activity was posted or updated in.</summary>
    public static string ConversationOf(RecordedRequest request) => request.Path["/teams/v3/conversations/".Length..].Split("/activities")[0];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One call the Connector received: <see cref="Path"/> decoded, <see cref="RawTarget"/> as sent, <see cref="Timestamp"/> when it arrived (<see cref="TimeProvider.GetTimestamp"/>; 0 when not recorded).</summary>
public sealed record RecordedRequest(string Method, string Path, string RawTarget, string Authorization, JsonNode? Body, long Timestamp = 0);
