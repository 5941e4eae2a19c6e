using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusBot.Slack.Tests.Fakes;

/// <summary>One Web API call the fake received.</summary>
public sealed record FakeSlackCall(string Method, string Authorization, JsonObject Body, DateTimeOffset At)
{
    public string? Arg(string name) => Body[name]?.GetValueKind() == JsonValueKind.String ? Body[name]!.GetValue<string>() : Body[name]?.ToJsonString();

    /// <summary>Who called: the path segment before <c>/api/</c> (a test gives each host process its own), empty for plain <c>/api/…</c>.</summary>
    public string Caller { get; init; } = string.Empty;

    /// <summary>The HTTP connection the call came on.</summary>
    public string Connection { get; init; } = string.Empty;

    /// <summary>When the fake finished writing its answer; null while it is still answering.</summary>
    public DateTimeOffset? AnsweredAt { get; internal set; }

    /// <summary>The caller had already gone (timed out, reset the connection, or died) when the answer was written.</summary>
    public bool AbortedBeforeAnswer { get; internal set; }
}

/// <summary>A request the fake answered with an injected fault (or, for a timeout, answered too late).</summary>
public sealed record InjectedFault(DateTimeOffset At, string Kind, string Method, string Team, string Caller, JsonObject Body)
{
    public string? Channel => Body["channel"]?.ToString();
}

/// <summary>Every Web API request as it arrived and how the fake answered it: ok, limited (the published limits), or an injected fault's kind.</summary>
public sealed record FakeSlackRequest(DateTimeOffset At, string Method, string Team, string Caller, string Outcome, JsonObject Body)
{
    public string? Channel => Body["channel"]?.ToString();
}

/// <summary>
/// A fake Slack on 127.0.0.1: the Web API under <c>/api/{method}</c> (bearer token checked, calls recorded, Slack's
/// published per-method and per-channel limits enforced with 429 + Retry-After, failures on demand),
/// <c>response_url</c> targets under <c>/response/{id}</c>, and a Socket Mode WebSocket under <c>/socket</c>.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    public const string TeamId = "T0001";
    public const string BotToken = "xoxb-test-bot-token";
    public const string AppToken = "xapp-test-app-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeSlackCall> _calls = new();
    private readonly ConcurrentQueue<(string Id, JsonObject Body)> _responses = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Failure>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Channel, string Ts), JsonObject> _messages = new();
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<FakeSlackRequest> _requests = new();
    private readonly ConcurrentQueue<InjectedFault> _faults = new();
    private readonly ConcurrentDictionary<string, int> _callsPerMethod = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _closedConnections;
    private long _ts = 1_700_000_000_000_000;
    private int _socketConnections;
    private int _openSockets;
    private int _maxOpenSockets;

    private FakeSlack(WebApplication app, ConcurrentDictionary<string, DateTimeOffset> closedConnections)
    {
        _app = app;
        _closedConnections = closedConnections;
    }

    /// <summary>Bearer tokens accepted, each for its team.</summary>
    public ConcurrentDictionary<string, string> BotTokens { get; } = new(StringComparer.Ordinal) { [BotToken] = TeamId };

    /// <summary>Off by default so functional tests run at full speed; the limit tests and the benchmark switch it on.</summary>
    public bool EnforceLimits { get; set; }

    /// <summary>Per channel for chat.postMessage (Slack: about 1 per second).</summary>
    public double PostMessagePerChannelPerSecond { get; set; } = 1;

    /// <summary>Per workspace for chat.postMessage.</summary>
    public double PostMessagePerWorkspacePerMinute { get; set; } = 600;

    /// <summary>What oauth.v2.access answers.</summary>
    public JsonObject OAuthGrant { get; set; } = new()
    {
        ["ok"] = true,
        ["access_token"] = "xoxb-installed-token",
        ["bot_user_id"] = "UBOT",
        ["team"] = new JsonObject { ["id"] = "T0002", ["name"] = "Installed Co" },
        ["authed_user"] = new JsonObject { ["id"] = "UINSTALLER" },
    };

    public Uri ApiBaseUrl => new(BaseAddress, "api/");
    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<FakeSlackCall> Calls => [.. _calls];

    /// <summary>How many calls <see cref="Calls"/> holds, without copying them (a driver polling for the end of a long run).</summary>
    public int CallCount => _calls.Count;

    /// <summary>A posted message as it now stands (after any chat.update), by the channel and ts chat.postMessage answered.</summary>
    public JsonObject? MessageAt(string channel, string ts) => _messages.TryGetValue((channel, ts), out var message) ? message : null;
    public IReadOnlyList<FakeSlackCall> CallsTo(string method) => [.. _calls.Where(c => c.Method == method)];
    public IReadOnlyList<(string Id, JsonObject Body)> ResponseUrlPosts => [.. _responses];
    public int SocketConnections => _socketConnections;

    /// <summary>Most sockets open at once: 2 when the client opened the new connection before the old one closed.</summary>
    public int MaxOpenSockets => _maxOpenSockets;
    public int RateLimitedAnswers { get; private set; }

    /// <summary>The 429s the published limits caused (not the injected ones), per method.</summary>
    public ConcurrentDictionary<string, int> RateLimitedByMethod { get; } = new(StringComparer.Ordinal);

    /// <summary>The chat.postMessage calls the published limits refused: workspace, channel, when, and what (for a failure's report).</summary>
    public ConcurrentQueue<string> RefusedPosts { get; } = new();

    /// <summary>
    /// Share (0–1) of Web API calls answered with an injected fault, in turn: 429 with <c>Retry-After: 1</c>, HTTP 500, a
    /// connection reset, and a timeout (the call is accepted and recorded, but answered only after
    /// <see cref="TimeoutFaultDelay"/>, after the client gave up: the one fault that can make a message arrive twice).
    /// </summary>
    public double FaultRate { get; set; }

    public TimeSpan TimeoutFaultDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Deterministic faults on top of <see cref="FaultRate"/>: every Nth call of each Web API method is answered with an
    /// injected fault, the four kinds in turn per method (so a test sees each kind on the methods it cares about); 0 is off.
    /// </summary>
    public int FaultEvery { get; set; }

    /// <summary>Injected faults so far: 429s, 500s, resets, timeouts.</summary>
    public (int RateLimits, int ServerErrors, int Resets, int Timeouts) InjectedFaults => (_injected[0], _injected[1], _injected[2], _injected[3]);

    /// <summary>Each injected fault, in order.</summary>
    public IReadOnlyList<InjectedFault> Faults => [.. _faults];

    /// <summary>Every Web API request in arrival order, refused and faulted ones included.</summary>
    public IReadOnlyList<FakeSlackRequest> Requests => [.. _requests];

    /// <summary>
    /// The calls to <paramref name="method"/> the fake accepted whose answer the caller did not take: it had gone before the
    /// answer was written, or it closed the connection within <paramref name="window"/> after the answer without sending
    /// anything else on it (a client that timed out drops its connection; one that read the answer keeps it for the next call).
    /// Such a call may have made the caller send the same thing again. A caller killed right after a call shows up here too.
    /// </summary>
    public IReadOnlyList<FakeSlackCall> AnswersNotTaken(string method, TimeSpan window)
    {
        var calls = Calls;
        var lastOnConnection = calls.Where(c => c.Connection.Length > 0).GroupBy(c => c.Connection).ToDictionary(g => g.Key, g => g.MaxBy(c => c.At)!);
        return
        [
            .. calls.Where(call => call.Method == method && (call.AbortedBeforeAnswer
                || (call.AnsweredAt is { } answered
                    && ReferenceEquals(lastOnConnection.GetValueOrDefault(call.Connection), call)
                    && _closedConnections.TryGetValue(call.Connection, out var closed)
                    && closed - answered <= window))),
        ];
    }

    private readonly int[] _injected = new int[4];
    private int _faultTurn;

    /// <summary>Envelopes to push to the next Socket Mode connection; acknowledgements come back in <see cref="SocketAcks"/>.</summary>
    public Channel<JsonObject> SocketOutbox { get; } = Channel.CreateUnbounded<JsonObject>();

    public Channel<JsonObject> SocketAcks { get; } = Channel.CreateUnbounded<JsonObject>();

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var closedConnections = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
        {
            try
            {
                await next(connection);
            }
            finally
            {
                // When each connection ended: a caller that timed out drops its connection (see AnswersNotTaken).
                closedConnections[connection.ConnectionId] = DateTimeOffset.UtcNow;
            }
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlack(app, closedConnections);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (string method, HttpContext context) => fake.ServeApiAsync(string.Empty, method, context));
        app.MapPost("/{caller}/api/{method}", (string caller, string method, HttpContext context) => fake.ServeApiAsync(caller, method, context));
        app.MapPost("/response/{id}", async (string id, HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
            fake._responses.Enqueue((id, body));
            return Results.Ok();
        });
        app.Map("/socket", fake.HandleSocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The Web API base for one named caller (e.g. one host process): its calls carry that name in <see cref="FakeSlackCall.Caller"/>.</summary>
    public Uri ApiBaseUrlFor(string caller) => new(BaseAddress, $"{caller}/api/");

    /// <summary>A <c>response_url</c> that lands in <see cref="ResponseUrlPosts"/>.</summary>
    public string ResponseUrl(string id) => new Uri(BaseAddress, $"response/{id}").ToString();

    /// <summary>The next call to <paramref name="method"/> answers HTTP <paramref name="status"/>, or HTTP 200 with <c>ok:false</c> and <paramref name="error"/>.</summary>
    public void FailNext(string method, int status = 200, string? error = null, int retryAfterSeconds = 0) =>
        _failures.GetOrAdd(method, _ => new()).Enqueue(new Failure(status, error, retryAfterSeconds));

    /// <summary>Waits until at least <paramref name="count"/> calls match, or fails after a few seconds.</summary>
    public async Task<IReadOnlyList<FakeSlackCall>> WaitForCallsAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var calls = CallsTo(method);
            if (calls.Count >= count)
            {
                return calls;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Expected {count} call(s) to {method}; got {CallsTo(method).Count}. Calls: {string.Join(", ", Calls.Select(c => c.Method))}");
    }

    public async Task<(string Id, JsonObject Body)> WaitForResponseUrlPostAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var post in _responses)
            {
                if (post.Id == id)
                {
                    return post;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No post to response_url {id}");
    }

    public async ValueTask DisposeAsync()
    {
        SocketOutbox.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Answers one Web API call and notes when the answer was written, and whether the caller was still there.</summary>
    private async Task ServeApiAsync(string caller, string method, HttpContext context)
    {
        var (call, result) = await HandleApiAsync(caller, method, context);
        try
        {
            await result.ExecuteAsync(context);
            await context.Response.CompleteAsync();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The caller is gone: noted below.
        }

        if (call is not null)
        {
            call.AbortedBeforeAnswer = context.RequestAborted.IsCancellationRequested;
            call.AnsweredAt = DateTimeOffset.UtcNow;
        }
    }

    private async Task<(FakeSlackCall? Call, IResult Result)> HandleApiAsync(string caller, string method, HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var body = await ReadBodyAsync(context.Request);
        var call = new FakeSlackCall(method, authorization, body, DateTimeOffset.UtcNow) { Caller = caller, Connection = context.Connection.Id };

        var team = Authorize(method, authorization);
        if (team is null)
        {
            _calls.Enqueue(call);
            return (call, Ok(new JsonObject { ["ok"] = false, ["error"] = authorization.Length == 0 ? "not_authed" : "invalid_auth" }));
        }

        if (EnforceLimits && IsLimited(method, team, body["channel"]?.ToString(), out var retryAfter))
        {
            RateLimitedAnswers++;
            RateLimitedByMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
            _requests.Enqueue(new FakeSlackRequest(call.At, method, team, caller, "limited", body));
            if (method == "chat.postMessage")
            {
                var text = body.ToJsonString();
                var recent = _requests.Where(r => r.Method == method && r.Team == team && r.Outcome != "limited" && call.At - r.At < TimeSpan.FromSeconds(1.5))
                    .Select(r => $"{r.At:ss.fff}/{r.Caller}/{r.Channel}");
                RefusedPosts.Enqueue($"{call.At:HH:mm:ss.fff} {caller} {team} {body["channel"]} (sent to {team} in the 1.5 s before: {string.Join(" ", recent)}) {text[..Math.Min(120, text.Length)]}");
            }

            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return (null, Results.Json(new { ok = false, error = "ratelimited" }, statusCode: StatusCodes.Status429TooManyRequests));
        }

        if (method is not ("oauth.v2.access" or "apps.connections.open") && NextIsFault(method) is { } kind)
        {
            Interlocked.Increment(ref _injected[kind]);
            var name = kind switch { 0 => "429", 1 => "500", 2 => "reset", _ => "timeout" };
            _faults.Enqueue(new InjectedFault(call.At, name, method, team, caller, body));
            _requests.Enqueue(new FakeSlackRequest(call.At, method, team, caller, name, body));
            switch (kind)
            {
                case 0:
                    context.Response.Headers.RetryAfter = "1";
                    return (null, Results.Json(new { ok = false, error = "ratelimited" }, statusCode: StatusCodes.Status429TooManyRequests));
                case 1:
                    return (null, Results.Json(new { ok = false, error = "internal_error" }, statusCode: StatusCodes.Status500InternalServerError));
                case 2:
                    context.Abort();
                    return (null, Results.Empty);
                default:
                    _calls.Enqueue(call);
                    await Task.Delay(TimeoutFaultDelay);
                    return (call, Ok(Answer(method, team, body)));
            }
        }

        _requests.Enqueue(new FakeSlackRequest(call.At, method, team, caller, "ok", body));
        _calls.Enqueue(call);
        if (_failures.TryGetValue(method, out var failures) && failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfterSeconds > 0)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            return (call, failure.Status == 200
                ? Ok(new JsonObject { ["ok"] = false, ["error"] = failure.Error ?? "unknown_error" })
                : Results.Json(new { ok = false, error = failure.Error ?? "server_error" }, statusCode: failure.Status));
        }

        return (call, Ok(Answer(method, team, body)));
    }

    /// <summary>The kind of fault to inject now (0 429, 1 500, 2 reset, 3 timeout), or null to answer normally.</summary>
    private int? NextIsFault(string method)
    {
        if (FaultEvery > 0)
        {
            var n = _callsPerMethod.AddOrUpdate(method, 1, (_, count) => count + 1);
            if (n % FaultEvery == 0)
            {
                return ((n / FaultEvery) - 1) % 4;
            }
        }

        return FaultRate > 0 && Random.Shared.NextDouble() < FaultRate ? (Interlocked.Increment(ref _faultTurn) - 1) % 4 : null;
    }

    private string? Authorize(string method, string authorization) => method switch
    {
        "oauth.v2.access" => authorization.StartsWith("Basic ", StringComparison.Ordinal) ? "oauth" : null,
        "apps.connections.open" => authorization == "Bearer " + AppToken ? "app" : null,
        _ => authorization.StartsWith("Bearer ", StringComparison.Ordinal) && BotTokens.TryGetValue(authorization[7..], out var team) ? team : null,
    };

    private JsonObject Answer(string method, string team, JsonObject body) => method switch
    {
        "chat.postMessage" => PostMessage(body),
        "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() },
        "chat.update" => UpdateMessage(body),
        "views.open" or "views.publish" => new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V" + NextTs().Replace(".", "", StringComparison.Ordinal) } },
        "users.info" => new JsonObject
        {
            ["ok"] = true,
            ["user"] = new JsonObject
            {
                ["id"] = body["user"]?.ToString(),
                ["name"] = "user" + body["user"],
                ["tz"] = "Europe/Berlin",
                ["profile"] = new JsonObject { ["display_name"] = "Display " + body["user"], ["real_name"] = "Real " + body["user"] },
            },
        },
        "conversations.info" => new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = body["channel"]?.ToString(), ["name"] = "general", ["is_archived"] = false } },
        "auth.test" => new JsonObject { ["ok"] = true, ["team_id"] = team, ["user_id"] = "UBOT", ["bot_id"] = "BBOT" },
        "oauth.v2.access" => (JsonObject)OAuthGrant.DeepClone(),
        "apps.connections.open" => new JsonObject { ["ok"] = true, ["url"] = new Uri(BaseAddress, "socket").ToString().Replace("http://", "ws://", StringComparison.Ordinal) },
        _ => new JsonObject { ["ok"] = false, ["error"] = "unknown_method" },
    };

    /// <summary>
    /// Like Slack: a post to a user id lands in the bot's DM with them, whose channel id (<c>D…</c>) is what the answer
    /// names and what chat.update needs; every post is kept so chat.update can change it.
    /// </summary>
    private JsonObject PostMessage(JsonObject body)
    {
        var addressed = body["channel"]?.ToString() ?? string.Empty;
        var channel = addressed.StartsWith('U') ? "D" + addressed[1..] : addressed;
        var ts = NextTs();
        _messages[(channel, ts)] = (JsonObject)body.DeepClone();
        return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts };
    }

    /// <summary>
    /// chat.update as Slack answers it (https://api.slack.com/methods/chat.update): the message is named by its conversation
    /// id and ts; an unknown ts is <c>message_not_found</c>, a user id instead of the DM's channel <c>channel_not_found</c>.
    /// </summary>
    private JsonObject UpdateMessage(JsonObject body)
    {
        var channel = body["channel"]?.ToString() ?? string.Empty;
        var ts = body["ts"]?.ToString() ?? string.Empty;
        if (channel.Length == 0 || channel.StartsWith('U'))
        {
            return new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" };
        }

        if (!_messages.ContainsKey((channel, ts)))
        {
            return new JsonObject { ["ok"] = false, ["error"] = "message_not_found" };
        }

        _messages[(channel, ts)] = (JsonObject)body.DeepClone();
        return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["text"] = body["text"]?.DeepClone() };
    }

    /// <summary>Slack's limits as token buckets: a tier per method and workspace; chat.postMessage also per channel.</summary>
    private bool IsLimited(string method, string team, string? channel, out int retryAfterSeconds)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            var keys = new List<(string Key, double PerSecond, double Capacity)>();
            if (method == "chat.postMessage")
            {
                keys.Add(($"{method}|{team}", PostMessagePerWorkspacePerMinute / 60, Math.Max(1, PostMessagePerWorkspacePerMinute / 60)));
                if (channel is not null)
                {
                    // A little tolerance for network jitter between the client's send and our clock.
                    keys.Add(($"{method}|{team}|{channel}", PostMessagePerChannelPerSecond, 1.05));
                }
            }
            else
            {
                var perMinute = method switch { "chat.update" or "conversations.info" => 50.0, "apps.connections.open" => 1.0, _ => 100.0 };
                keys.Add(($"{method}|{team}", perMinute / 60, Math.Max(1, perMinute / 60)));
            }

            var refill = keys.Select(k =>
            {
                var (tokens, at) = _buckets.TryGetValue(k.Key, out var b) ? b : (k.Capacity, now);
                return (k.Key, k.PerSecond, Tokens: Math.Min(k.Capacity, tokens + ((now - at).TotalSeconds * k.PerSecond)));
            }).ToList();
            var empty = refill.Where(b => b.Tokens < 1).ToList();
            if (empty.Count > 0)
            {
                retryAfterSeconds = (int)Math.Ceiling(empty.Max(b => (1 - b.Tokens) / b.PerSecond));
                foreach (var bucket in refill)
                {
                    _buckets[bucket.Key] = (bucket.Tokens, now);
                }

                return true;
            }

            foreach (var bucket in refill)
            {
                _buckets[bucket.Key] = (bucket.Tokens - 1, now);
            }

            retryAfterSeconds = 0;
            return false;
        }
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var number = Interlocked.Increment(ref _socketConnections);
        var open = Interlocked.Increment(ref _openSockets);
        lock (_gate)
        {
            _maxOpenSockets = Math.Max(_maxOpenSockets, open);
        }

        await SendAsync(socket, new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receiving = ReceiveAcksAsync(socket, stop.Token);
        try
        {
            await foreach (var envelope in SocketOutbox.Reader.ReadAllAsync(stop.Token))
            {
                await SendAsync(socket, envelope);
                if (envelope["type"]?.ToString() == "disconnect")
                {
                    // Like Slack: the old connection stays up for a while after the warning, until the client has its new one.
                    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
                    while (_socketConnections == number && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(20, stop.Token);
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }

        await stop.CancelAsync();
        try
        {
            await receiving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
        finally
        {
            Interlocked.Decrement(ref _openSockets);
        }
    }

    private async Task ReceiveAcksAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)) is JsonObject ack)
            {
                await SocketAcks.Writer.WriteAsync(ack, cancellationToken);
            }
        }
    }

    private static Task SendAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }

        var form = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery(text))
        {
            form[key] = value.ToString();
        }

        return form;
    }

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _ts);
        return string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000}.{value % 1_000_000:D6}");
    }

    private static IResult Ok(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private sealed record Failure(int Status, string? Error, int RetryAfterSeconds);
}
