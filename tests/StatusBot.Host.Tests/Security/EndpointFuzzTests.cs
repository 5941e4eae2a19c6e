using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StatusBot.Core.Storage;
using StatusBot.Host.Dashboard;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Security;

/// <summary>
/// Generated hostile requests to every inbound endpoint of a host with all of them switched on. Whatever comes in:
/// no 5xx, no exception in the log, no stack trace or type name in an answer, and no unauthenticated request changes
/// a single stored row (the store is compared before and after). Requests per endpoint: <c>STATUSBOT_FUZZ_COUNT</c>
/// (default 1,000; <c>scripts/fuzz.sh</c> runs 10,000); the seed is <c>STATUSBOT_FUZZ_SEED</c> or fixed, and printed
/// with every failure so it can be replayed.
/// </summary>
public sealed class EndpointFuzzTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <summary>The service URL of the activities sent with a valid token: loopback, so whatever the bot answers stays on this machine.</summary>
    private const string LoopbackServiceUrl = "http://127.0.0.1:9/teams/";

    private static readonly string[] CommandTexts =
    [
        "help", "me", "program create Zeus", "program list", "status Apollo", "status Hermes", "team add X to Apollo", "dep eta 1 2026-12-18",
        "blocker resolve 1", "risk add \"x\" p3 i4", "audit", "checkin start Apollo", "digest post Apollo", "<@U1|x> <#C1|y>", "\"unbalanced",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("STATUSBOT_FUZZ_COUNT"), out var count) && count > 0 ? count : 1000;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("STATUSBOT_FUZZ_SEED"), out var seed) ? seed : 20261130;

    public static TheoryData<string, StoreKind> Endpoints
    {
        get
        {
            var data = new TheoryData<string, StoreKind>();
            foreach (var endpoint in new[] { "slack commands", "slack interactions", "slack events", "teams messages", "playground api", "dashboard", "oauth callback" })
            {
                data.Add(endpoint, StoreKind.Sqlite);
                data.Add(endpoint, StoreKind.Postgres);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Hostile_requests_get_no_5xx_escape_nothing_and_unauthenticated_ones_change_nothing(string endpoint, StoreKind store)
    {
        // Stable per endpoint (string hash codes change with every process).
        var seed = Seed + endpoint.Sum(c => c);
        var random = new HostileRequests(new Random(seed));
        await using var host = await ExposedHost.StartAsync(store);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var world = await SeedAsync(host);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        async Task SendAsync(int index, Func<HttpRequestMessage> make, string what, Func<HttpStatusCode, bool>? allowed = null)
        {
            using var request = make();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, Ct);
            }
            catch (HttpRequestException exception)
            {
                failures.Add($"#{index} {what}: the connection failed ({exception.Message})");
                return;
            }

            using (response)
            {
                var code = (int)response.StatusCode;
                statuses[code] = statuses.GetValueOrDefault(code) + 1;
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (code >= 500 || body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal)
                    || (allowed is not null && !allowed(response.StatusCode)))
                {
                    failures.Add($"#{index} {what}: {code} {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        // Unauthenticated: every request, then the store compared with what it was.
        var before = await host.FingerprintAsync();
        for (var i = 0; i < Count; i++)
        {
            var (make, what, allowed) = Unauthenticated(endpoint, random, host, world);
            await SendAsync(i, make, what, allowed);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // work the host would have stored runs at once on this instance
        var after = await host.FingerprintAsync();
        if (endpoint != "playground api")
        {
            Assert.True(before == after, $"seed {seed}: unauthenticated requests to {endpoint} changed the store");
        }

        // Authenticated but hostile (signed Slack requests, playground identities): no 5xx, nothing escapes.
        var authenticated = endpoint is "slack commands" or "slack interactions" or "slack events" ? Count / 5 : 0;
        for (var i = 0; i < authenticated; i++)
        {
            var (body, contentType, what) = SlackBody(endpoint, random, loopbackOnly: true);
            var timestamp = ExposedHost.Now;
            await SendAsync(Count + i, () => Slack(endpoint, body, contentType, timestamp, ExposedHost.SlackSignature(Encoding.UTF8.GetString(body), timestamp)), "signed " + what);
        }

        // Teams with a valid token: activities of other tenants (and of none), malformed, huge or deeply nested ones are
        // refused and change nothing; well-formed ones of the bot's tenant, of unknown types or with hostile values, may act.
        var teams = endpoint == "teams messages" ? Count / 5 : 0;
        if (teams > 0)
        {
            var token = "Bearer " + ValidTeamsToken(host);
            var beforeTeams = await host.FingerprintAsync();
            for (var i = 0; i < teams; i++)
            {
                var (body, what) = TeamsActivity(random, ownTenant: false);
                await SendAsync(Count + i, () => Teams(body, token), "valid token, " + what);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.True(beforeTeams == await host.FingerprintAsync(), $"seed {seed}: Teams activities of other tenants with a valid token changed the store");
            for (var i = 0; i < teams; i++)
            {
                var (body, what) = TeamsActivity(random, ownTenant: true);
                await SendAsync(Count + teams + i, () => Teams(body, token), "valid token, own tenant, " + what);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var slackRows = await ReadAsync(host, async session => (await session.Programs.ListAsync("slack:T1", Ct)).Count + "/" + (await session.People.ListAsync("slack:T1", Ct)).Count);
        if (authenticated == 0)
        {
            // The playground acts only in its own workspace, whatever identity a request names.
            Assert.Equal(world.SlackRows, slackRows);
        }

        var report = $"fuzz {endpoint} ({store}): {Count + authenticated + (2 * teams)} requests ({Count} unauthenticated{(teams > 0 ? $", {2 * teams} with a valid Teams token" : string.Empty)}) in {clock.Elapsed.TotalSeconds:F1} s, seed {seed}, " +
            $"statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}, failures {failures.Count}, errors logged {host.Errors.Entries.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        if (Environment.GetEnvironmentVariable("STATUSBOT_FUZZ_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + "\n", Ct);
        }

        Assert.True(failures.Count == 0, $"seed {seed} (replay: STATUSBOT_FUZZ_SEED={Seed} STATUSBOT_FUZZ_COUNT={Count}), {failures.Count} failures:\n{string.Join("\n", failures.Take(15))}\nerrors logged:\n{string.Join("\n", host.Errors.Entries.Take(5))}");
        Assert.True(host.Errors.Entries.Count == 0, $"seed {seed}: errors logged:\n{string.Join("\n", host.Errors.Entries.Take(5))}");
    }

    private sealed record World(long PlaygroundProgram, long SlackProgram, string PlaygroundLink, string SlackLink, string SlackRows, (string? Header, string How)[] TeamsTokens);

    private static async Task<World> SeedAsync(ExposedHost host)
    {
        var demo = await (await host.Client.PostAsync("/playground/api/demo", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        long slackProgram;
        await using (var session = await host.Host.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct))
        {
            await Testing.Seed.WorkspaceAsync(session, "slack:T1");
            await Testing.Seed.PersonAsync(session, "U1");
            slackProgram = (await Testing.Seed.ProgramAsync(session, "Apollo")).Id;
            await session.CommitAsync(Ct);
        }

        var links = host.Host.Services.GetRequiredService<DashboardLinks>();
        var playground = demo.GetProperty("programId").GetInt64();
        var rows = await ReadAsync(host, async session => (await session.Programs.ListAsync("slack:T1", Ct)).Count + "/" + (await session.People.ListAsync("slack:T1", Ct)).Count);
        return new World(playground, slackProgram, new Uri(links.LinkFor(playground)).PathAndQuery, new Uri(links.LinkFor(slackProgram)).PathAndQuery, rows, TeamsTokens(host));
    }

    private static async Task<T> ReadAsync<T>(ExposedHost host, Func<IStoreSession, Task<T>> read)
    {
        await using var session = await host.Host.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct);
        return await read(session);
    }

    private static (Func<HttpRequestMessage> Make, string What, Func<HttpStatusCode, bool>? Allowed) Unauthenticated(string endpoint, HostileRequests random, ExposedHost host, World world)
    {
        switch (endpoint)
        {
            case "slack commands" or "slack interactions" or "slack events":
                {
                    var (body, contentType, what) = SlackBody(endpoint, random, loopbackOnly: false);
                    var text = Encoding.UTF8.GetString(body);
                    var now = ExposedHost.Now;
                    var (timestamp, signature, how) = random.Random.Next(9) switch
                    {
                        0 => (null, null, "unsigned"),
                        1 => (now.ToString(CultureInfo.InvariantCulture), null, "no signature"),
                        2 => (now.ToString(CultureInfo.InvariantCulture), ExposedHost.SlackSignature(text, now, "another-secret-0123456789"), "signed with another secret"),
                        3 => ((now - 600).ToString(CultureInfo.InvariantCulture), ExposedHost.SlackSignature(text, now - 600), "stale (10 min)"),
                        4 => ((now + 600).ToString(CultureInfo.InvariantCulture), ExposedHost.SlackSignature(text, now + 600), "from the future (10 min)"),
                        5 => (now.ToString(CultureInfo.InvariantCulture), ExposedHost.SlackSignature(text + " ", now), "replayed signature of another body"),
                        6 => (random.HeaderJunk(), "v0=" + random.HeaderJunk(), "junk timestamp and signature"),
                        7 => (now.ToString(CultureInfo.InvariantCulture), "v1=" + ExposedHost.SlackSignature(text, now)[3..], "wrong signature version"),
                        _ => ((now - 1).ToString(CultureInfo.InvariantCulture), ExposedHost.SlackSignature(text, now), "timestamp not the signed one"),
                    };
                    return (() => Slack(endpoint, body, contentType, timestamp, signature), $"{how}, {what}", null);
                }

            case "teams messages":
                {
                    var body = random.Mutate(Activity(random).ToJsonString(), isForm: false, out var what);
                    (string? Header, string How) forged = random.Random.Next(3) == 0
                        ? (random.Random.Next(2) == 0 ? null : "Bearer " + random.HeaderJunk(), "no token or a junk one")
                        : world.TeamsTokens[random.Random.Next(world.TeamsTokens.Length)];
                    var (token, how) = forged;
                    var contentType = random.Random.Next(4) == 0 ? random.Pick(HostileRequests.ContentTypes) : "application/json";
                    return (() =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = Content(body, contentType) };
                        if (token is not null)
                        {
                            request.Headers.TryAddWithoutValidation("Authorization", token);
                        }

                        return request;
                    }, $"{how}, {what}", status => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
                }

            case "playground api":
                {
                    var path = random.Pick(["/playground/api/command", "/playground/api/dm", "/playground/api/press", "/playground/api/submit", "/playground/api/inbox", "/playground/api/people"]);
                    if (path.EndsWith("inbox", StringComparison.Ordinal) || path.EndsWith("people", StringComparison.Ordinal))
                    {
                        var query = $"?as={Uri.EscapeDataString(random.Pick(["tina", "alice", "slack:T1:U1", "playground:tina", random.JunkValue()]))}&after={Uri.EscapeDataString(random.JunkValue())}";
                        return (() => new HttpRequestMessage(HttpMethod.Get, path + query), "GET " + path + query, null);
                    }

                    var json = new JsonObject
                    {
                        ["as"] = random.Random.Next(3) == 0 ? random.Value() : JsonValue.Create(random.Pick(["tina", "alice", "slack:T1:UADMIN", "playground:tina", "a", "1abc", new string('a', 40)])),
                        ["text"] = random.Random.Next(3) == 0 ? random.Value() : JsonValue.Create(random.Pick(CommandTexts)),
                        ["actionId"] = random.Value(),
                        ["value"] = random.Value(),
                        ["formId"] = random.Random.Next(2) == 0 ? random.Value() : JsonValue.Create("checkin:" + random.Random.Next(100)),
                        ["values"] = random.Random.Next(2) == 0 ? random.Value() : new JsonObject { ["status"] = random.JunkValue() },
                    };
                    var body = random.Mutate(json.ToJsonString(), isForm: false, out var what);
                    var contentType = random.Random.Next(4) == 0 ? random.Pick(HostileRequests.ContentTypes) : "application/json";
                    return (() => new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(body, contentType) }, $"POST {path} {what}", null);
                }

            case "dashboard":
                {
                    var (id, link) = random.Random.Next(2) == 0 ? (world.PlaygroundProgram, world.PlaygroundLink) : (world.SlackProgram, world.SlackLink);
                    var query = new Uri("http://x" + link).Query.TrimStart('?');
                    var (target, how, ok) = random.Random.Next(10) switch
                    {
                        0 => ($"/programs/{id}?{query}", "its own signed link", true),
                        1 => ($"/programs/{(id == world.PlaygroundProgram ? world.SlackProgram : world.PlaygroundProgram)}?{query}", "the signed link of another program", false),
                        2 => ($"/programs/{id}?token={ExposedHost.ReaderToken}", "the playground's reader token", id == world.PlaygroundProgram),
                        3 => ($"/programs/{id}?token={Uri.EscapeDataString(random.JunkValue())}", "a junk token", false),
                        4 => ($"/programs/{id}?{query.Replace("sig=", "sig=0", StringComparison.Ordinal)}", "a tampered signature", false),
                        5 => ($"/programs/{id}?exp={random.Random.Next()}&{query[(query.IndexOf('&') + 1)..]}", "another expiry", false),
                        6 => ($"/programs/{Uri.EscapeDataString(random.JunkValue())}?{query}", "a junk id", false),
                        7 => ($"/programs/{random.Pick(["0", "-1", "9223372036854775807", "99999999999999999999"])}?token={ExposedHost.ReaderToken}", "an id out of range", false),
                        8 => ($"/programs/{id}?exp=&sig=&token=", "empty parameters", false),
                        _ => ($"/programs/{id}", "no link", false),
                    };
                    var method = random.Random.Next(8) == 0 ? random.Pick(["POST", "PUT", "DELETE", "HEAD", "OPTIONS"]) : "GET";
                    return (() => new HttpRequestMessage(new HttpMethod(method), target), $"{method} {target} ({how})",
                        status => method == "GET" ? (status == HttpStatusCode.OK) == ok : status != HttpStatusCode.OK || method is "HEAD");
                }

            default:
                {
                    var parameters = new List<string>();
                    foreach (var name in new[] { "code", "state", "error" })
                    {
                        if (random.Random.Next(3) != 0)
                        {
                            parameters.Add($"{name}={Uri.EscapeDataString(random.Pick(["", random.JunkValue(), "1.abc." + random.Random.Next(), "access_denied"]))}");
                        }
                    }

                    var cookie = random.Random.Next(3) == 0 ? null : $"statusbot_slack_install={random.HeaderJunk()}";
                    var target = "/slack/oauth/callback?" + string.Join('&', parameters);
                    return (() =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Get, target);
                        if (cookie is not null)
                        {
                            request.Headers.TryAddWithoutValidation("Cookie", cookie);
                        }

                        return request;
                    }, $"GET {target} cookie {cookie}", null);
                }
        }
    }

    private static HttpRequestMessage Slack(string endpoint, byte[] body, string contentType, object? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/" + endpoint["slack ".Length..]) { Content = Content(body, contentType) };
        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", Convert.ToString(timestamp, CultureInfo.InvariantCulture));
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
        }

        if (endpoint == "slack events" && timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Retry-Num", Convert.ToString(timestamp, CultureInfo.InvariantCulture)!.Length % 4 == 0 ? "1" : "abc");
        }

        return request;
    }

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>A body for a Slack endpoint, hostile in one of the generator's ways, and its content type.</summary>
    private static (byte[] Body, string ContentType, string What) SlackBody(string endpoint, HostileRequests random, bool loopbackOnly)
    {
        var team = random.Pick(["T1", "T2", "TNEW", random.JunkValue()]);
        var user = random.Pick(["U1", "U2", "UADMIN", random.JunkValue()]);
        var responseUrl = loopbackOnly
            ? random.Pick(["http://127.0.0.1:9/hook", "not a url", ""])
            : random.Pick(["http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data", "file:///etc/passwd", random.JunkValue()]);
        string text;
        var isForm = endpoint != "slack events";
        switch (endpoint)
        {
            case "slack commands":
                text = $"token=x&team_id={Uri.EscapeDataString(team)}&team_domain=acme&channel_id=C1&user_id={Uri.EscapeDataString(user)}&user_name=u" +
                    $"&command={Uri.EscapeDataString(random.Pick(["/statusbot", "/other", ""]))}&text={Uri.EscapeDataString(random.Random.Next(3) == 0 ? random.JunkValue() : random.Pick(CommandTexts))}" +
                    $"&response_url={Uri.EscapeDataString(responseUrl)}&trigger_id=1.2.3" + (random.Random.Next(10) == 0 ? "&ssl_check=1" : string.Empty);
                break;
            case "slack interactions":
                var payload = new JsonObject
                {
                    ["type"] = random.Pick(["block_actions", "view_submission", "shortcut", "message_action", "view_closed", "block_suggestion", "interactive_message", "unknown_type", random.JunkValue()]),
                    ["team"] = new JsonObject { ["id"] = team },
                    ["user"] = random.Random.Next(5) == 0 ? random.Value() : new JsonObject { ["id"] = user, ["team_id"] = team },
                    ["actions"] = random.Random.Next(4) == 0 ? random.Value() : new JsonArray(new JsonObject { ["action_id"] = random.Pick(["checkin.status", "checkin.open", "answer", random.JunkValue()]), ["value"] = random.Value(), ["block_id"] = random.JunkValue() }),
                    ["view"] = random.Random.Next(4) == 0 ? random.Value() : new JsonObject
                    {
                        ["id"] = "V1",
                        ["callback_id"] = random.Pick(["checkin", "checkin:1", random.JunkValue()]),
                        ["private_metadata"] = random.Pick(["", "{\"cycle\":1}", "1", random.JunkValue()]),
                        ["state"] = new JsonObject { ["values"] = new JsonObject { ["b"] = new JsonObject { ["a"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = random.JunkValue() } } } },
                    },
                    ["channel"] = new JsonObject { ["id"] = "D1" },
                    ["response_url"] = responseUrl,
                    ["trigger_id"] = "1.2.3",
                };
                text = random.Random.Next(10) == 0 ? "payload=" + random.JunkValue() : "payload=" + Uri.EscapeDataString(payload.ToJsonString());
                break;
            default:
                text = new JsonObject
                {
                    ["token"] = "x",
                    ["team_id"] = team,
                    ["api_app_id"] = "A1",
                    ["type"] = random.Pick(["event_callback", "url_verification", "app_rate_limited", "unknown_type", random.JunkValue()]),
                    ["challenge"] = random.Value(),
                    ["event_id"] = random.Random.Next(3) == 0 ? random.Value() : JsonValue.Create("Ev" + random.Random.Next(100)),
                    ["event_time"] = random.Value(),
                    ["event"] = random.Random.Next(5) == 0 ? random.Value() : new JsonObject
                    {
                        ["type"] = random.Pick(["message", "app_home_opened", "app_mention", "member_joined_channel", "unknown_type", random.JunkValue()]),
                        ["channel_type"] = random.Pick(["im", "channel", random.JunkValue()]),
                        ["user"] = user,
                        ["text"] = random.Random.Next(3) == 0 ? random.Value() : JsonValue.Create(random.Pick(["on track", "at risk\nblockers: x", "help", random.JunkValue()])),
                        ["channel"] = "D1",
                        ["ts"] = "1700000000.000100",
                        ["subtype"] = random.Random.Next(4) == 0 ? random.Value() : null,
                    },
                }.ToJsonString();
                break;
        }

        var body = random.Mutate(text, isForm, out var what);
        var contentType = random.Random.Next(4) == 0 ? random.Pick(HostileRequests.ContentTypes) : isForm ? "application/x-www-form-urlencoded" : "application/json";
        return (body, contentType, $"{what} as {contentType}");
    }

    private static JsonObject Activity(HostileRequests random) => new()
    {
        ["type"] = random.Pick(["message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "unknown", random.JunkValue()]),
        ["id"] = random.JunkValue(),
        ["channelId"] = random.Pick(["msteams", "slack", "webchat", random.JunkValue()]),
        ["serviceUrl"] = random.Pick([ServiceUrl, "http://127.0.0.1:9/", "https://evil.example/", random.JunkValue()]),
        ["from"] = random.Random.Next(5) == 0 ? random.Value() : new JsonObject { ["id"] = "29:1", ["aadObjectId"] = random.Pick(["00000000-0000-0000-0000-000000000001", random.JunkValue()]) },
        ["conversation"] = new JsonObject { ["id"] = "a:1", ["tenantId"] = random.Pick([ExposedHost.TeamsTenant, "00000000-0000-0000-0000-000000000002", random.JunkValue()]), ["conversationType"] = random.Pick(["personal", "channel"]) },
        ["recipient"] = new JsonObject { ["id"] = "28:" + ExposedHost.TeamsAppId },
        ["text"] = random.Pick(CommandTexts),
        ["name"] = random.Pick(["adaptiveCard/action", "task/fetch", random.JunkValue()]),
        ["value"] = random.Value(),
    };

    /// <summary>Tokens refused for each reason Bot Framework's validation has, minted once (RSA is slow on a loaded machine).</summary>
    private static (string? Header, string How)[] TeamsTokens(ExposedHost host)
    {
        SecurityTokenDescriptor Descriptor(RSA key, string audience, string issuer, DateTime notBefore, string serviceUrl) => new()
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = notBefore.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "exposed-key" }, SecurityAlgorithms.RsaSha256),
        };

        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow.AddMinutes(-1);
        const string issuerOk = "https://api.botframework.com";
        using var unpublished = RSA.Create(2048);
        return
        [
            ("Basic dXNlcjpwYXNz", "basic credentials"),
            ("Bearer " + handler.CreateToken(Descriptor(unpublished, ExposedHost.TeamsAppId, issuerOk, now, ServiceUrl)), "a token signed by an unpublished key"),
            ("Bearer " + handler.CreateToken(Descriptor(host.TeamsKey, "00000000-0000-0000-0000-00000000dead", issuerOk, now, ServiceUrl)), "a token for another bot"),
            ("Bearer " + handler.CreateToken(Descriptor(host.TeamsKey, ExposedHost.TeamsAppId, "https://evil.example", now, ServiceUrl)), "a token from another issuer"),
            ("Bearer " + handler.CreateToken(Descriptor(host.TeamsKey, ExposedHost.TeamsAppId, issuerOk, now.AddHours(-3), ServiceUrl)), "an expired token"),
            ("Bearer " + handler.CreateToken(Descriptor(host.TeamsKey, ExposedHost.TeamsAppId, issuerOk, now, "https://evil.example/other/")), "a token for another service URL"),
            ("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + Base64UrlEncoder.Encode($"{{\"aud\":\"{ExposedHost.TeamsAppId}\",\"iss\":\"{issuerOk}\"}}") + ".", "an unsigned (alg none) token"),
        ];
    }

    /// <summary>
    /// An activity sent with a valid token: of another tenant, of none, or with a junk tenant id (refused: nothing may
    /// change), or of the bot's own tenant with an unknown or hostile type and values; then mutated by the generator
    /// (truncated, 1,000 levels deep, huge, invalid UTF-8, …). Its service URL is on loopback.
    /// </summary>
    private static (byte[] Body, string What) TeamsActivity(HostileRequests random, bool ownTenant)
    {
        var activity = Activity(random);
        activity["serviceUrl"] = LoopbackServiceUrl;
        var conversation = (JsonObject)activity["conversation"]!;
        if (ownTenant)
        {
            conversation["tenantId"] = ExposedHost.TeamsTenant;
            activity["channelData"] = random.Random.Next(2) == 0 ? random.Value() : new JsonObject { ["tenant"] = new JsonObject { ["id"] = ExposedHost.TeamsTenant } };
        }
        else
        {
            var tenant = random.Pick(["00000000-0000-0000-0000-000000000002", random.JunkValue(), string.Empty, "none"]);
            if (tenant == "none")
            {
                conversation.Remove("tenantId");
            }
            else
            {
                conversation["tenantId"] = tenant;
                activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } };
            }
        }

        var body = random.Mutate(activity.ToJsonString(), isForm: false, out var what);
        return (body, $"{activity["type"]?.ToJsonString()} {what}");
    }

    private static HttpRequestMessage Teams(byte[] body, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = Content(body, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    /// <summary>A token Bot Framework would issue to this bot for the loopback service URL, signed by the published key.</summary>
    private static string ValidTeamsToken(ExposedHost host)
    {
        var now = DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = ExposedHost.TeamsAppId,
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", LoopbackServiceUrl)]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(host.TeamsKey) { KeyId = "exposed-key" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
