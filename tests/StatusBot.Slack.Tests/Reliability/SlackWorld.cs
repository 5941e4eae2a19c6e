using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Conversations;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Workspaces;
using StatusBot.Slack.Install;
using StatusBot.Slack.Signing;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>How a member answers: a DM in plain text, a status button, or the check-in modal.</summary>
internal enum AnswerKind
{
    DirectMessage,
    Button,
    Modal,
}

/// <summary>
/// Many Slack workspaces (installed through OAuth, one bot token each at the fake) with one program each, seeded in the
/// bot's store; members answer their prompt as soon as it reaches the fake Slack, by DM, button or modal in turn,
/// signed the way Slack signs, sent to whichever host the test routes to; anything not acknowledged is sent again, as
/// Slack (events) or the person (buttons, forms) would. Tracks what was acknowledged and what was confirmed.
/// </summary>
internal sealed class SlackWorld
{
    public const string SigningSecret = "reliability-signing-secret-0123456789";
    public static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly SlackSignatureVerifier _signer = new(SigningSecret, TimeProvider.System);
    private readonly ConcurrentDictionary<string, AnswerKind> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _modalConfirmations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _answering = new(StringComparer.Ordinal);
    private int _requests;

    public SlackWorld(FakeSlack slack, TestDatabase database, int workspaces, int teamsPerWorkspace, int membersPerTeam)
    {
        Slack = slack;
        Database = database;
        Workspaces = workspaces;
        TeamsPerWorkspace = teamsPerWorkspace;
        MembersPerTeam = membersPerTeam;
    }

    public FakeSlack Slack { get; }
    public TestDatabase Database { get; }
    public int Workspaces { get; }
    public int TeamsPerWorkspace { get; }
    public int MembersPerTeam { get; }
    public int Members => Workspaces * TeamsPerWorkspace * MembersPerTeam;

    /// <summary>Member user id → (team id in Slack, team id in the store).</summary>
    public Dictionary<string, (string SlackTeam, long TeamId)> MemberTeams { get; } = new(StringComparer.Ordinal);

    /// <summary>Where requests go; the test swaps hosts as it kills and restarts them.</summary>
    public Func<int, HttpClient?> Route { get; set; } = _ => null;

    public IReadOnlyDictionary<string, AnswerKind> Acknowledged => _acknowledged;
    public int RequestsRefused;

    public static string SlackTeam(int w) => $"T{w:D2}";

    public static string Member(int w, int t, int m) => $"U{w:D2}{t:D2}{m:D3}";

    public static string Tpm(int w) => $"U{w:D2}TPM";

    public static string Channel(int w) => $"C{w:D2}DIGEST";

    public static AnswerKind KindOf(string member) => (AnswerKind)(int.Parse(member.AsSpan(member.Length - 3), CultureInfo.InvariantCulture) % 3);

    /// <summary>A TPM's <c>/statusbot …</c> command in workspace <paramref name="w"/>, signed.</summary>
    public Task<HttpResponseMessage> CommandAsync(HttpClient http, int w, string text, CancellationToken ct) =>
        PostSignedAsync(http, "slack/commands", SlackHost.Form(new()
        {
            ["team_id"] = SlackTeam(w),
            ["channel_id"] = "CPROGRAM",
            ["user_id"] = Tpm(w),
            ["user_name"] = "tpm",
            ["command"] = "/statusbot",
            ["text"] = text,
            ["response_url"] = Slack.ResponseUrl($"cmd-{w}"),
            ["trigger_id"] = $"trigger-cmd-{w}",
        }), "application/x-www-form-urlencoded", null, ct);

    /// <summary>Host settings every instance gets: the store, Slack in multi-workspace mode against the fake, short leases.</summary>
    public IEnumerable<string> HostArgs() =>
    [
        "--Storage:Provider", Database.Provider.ToString(),
        "--ConnectionStrings:StatusBot", Database.ConnectionString,
        // One key for every instance (required on PostgreSQL).
        "--Dashboard:SigningKey", StatusBot.Testing.TestKeys.DashboardSigningKey,
        "--Slack:SigningSecret", SigningSecret,
        "--Slack:ClientId", "1.2",
        "--Slack:ClientSecret", "reliability",
        "--Slack:TokenEncryptionKey", EncryptionKey,
        "--Slack:ApiBaseUrl", Slack.ApiBaseUrl.ToString(),
        "--Slack:HttpTimeout", "00:00:01.500",
        // Short client-side waits: a caller's profile (users.info) falls back to the request's name instead of queueing.
        "--Slack:MaxClientWait", "00:00:00.300",
        "--Outbox:Lease", "00:00:10",
        "--Outbox:BatchSize", "2",
        "--Outbox:SendTimeout", "00:00:04",
        "--Outbox:IdleDelay", "00:00:00.050",
        "--Outbox:BaseRetryDelay", "00:00:00.500",
        "--Outbox:MaxRetryDelay", "00:00:04",
        "--Outbox:MaxAttempts", "50",
        "--Inbound:Lease", "00:00:05",
        "--Inbound:ShutdownGrace", "00:00:02",
        "--Inbound:IdleDelay", "00:00:00.200",
        "--Inbound:BaseRetryDelay", "00:00:00.500",
        "--Inbound:MaxRetryDelay", "00:00:04",
        "--Inbound:MaxAttempts", "50",
        "--Logging:LogLevel:Default", "Warning",
        .. Enumerable.Range(0, Workspaces).SelectMany(w => new[] { $"--StatusBot:Admins:{w}", $"slack:{SlackTeam(w)}:{Tpm(w)}" }),
    ];

    public async Task SeedAsync()
    {
        var protector = SlackTokenProtector.FromBase64(EncryptionKey);
        var installations = new WorkspaceInstallationRepository(Database.Store);
        await using var session = await Database.Store.BeginAsync(CancellationToken.None);
        for (var w = 0; w < Workspaces; w++)
        {
            var team = SlackTeam(w);
            var workspaceId = $"slack:{team}";
            var token = $"xoxb-reliability-{w}";
            Slack.BotTokens[token] = team;
            await Seed.WorkspaceAsync(session, workspaceId);
            await Seed.PersonAsync(session, Tpm(w), workspaceId);
            var program = await Seed.ProgramAsync(session, $"P{w:D2}", workspaceId);
            await session.Programs.AddChannelAsync(
                new ProgramChannel { ProgramId = program.Id, ChannelRef = $"{workspaceId}:{Channel(w)}", DisplayName = "digest", CreatedAt = Seed.Now },
                CancellationToken.None);
            for (var t = 0; t < TeamsPerWorkspace; t++)
            {
                var teamRow = await Seed.TeamAsync(session, program.Id, $"Team{w:D2}x{t:D2}");
                await session.Teams.SetScheduleAsync(
                    new CheckInSchedule { TeamId = teamRow.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = Seed.Now },
                    CancellationToken.None);
                for (var m = 0; m < MembersPerTeam; m++)
                {
                    var user = Member(w, t, m);
                    var person = await Seed.PersonAsync(session, user, workspaceId, "Etc/UTC");
                    await session.Teams.AddMemberAsync(new TeamMembership { TeamId = teamRow.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
                    MemberTeams[user] = (team, teamRow.Id);
                }
            }
        }

        await session.CommitAsync(CancellationToken.None);

        // After the commit: the installations repository opens its own connection (SQLite has one writer).
        for (var w = 0; w < Workspaces; w++)
        {
            var team = SlackTeam(w);
            await installations.UpsertAsync(
                new WorkspaceInstallation
                {
                    WorkspaceId = $"slack:{team}",
                    WorkspaceName = team,
                    BotUserId = "UBOT",
                    EncryptedBotToken = protector.Protect(team, $"xoxb-reliability-{w}"),
                    InstalledByUserId = Tpm(w),
                    InstalledAt = Seed.Now,
                },
                CancellationToken.None);
        }
    }

    /// <summary>The prompts that reached members so far: user id → (workspace, cycle id), and how many prompt posts in all.</summary>
    public (Dictionary<string, long> Prompted, int Posts) Prompts()
    {
        var prompted = new Dictionary<string, long>(StringComparer.Ordinal);
        var posts = 0;
        foreach (var call in Slack.CallsTo("chat.postMessage"))
        {
            if (call.Arg("channel") is { } channel && MemberTeams.ContainsKey(channel) && IsPrompt(call.Body) && OpenButtonValue(call.Body) is { } cycle)
            {
                posts++;
                prompted[channel] = long.Parse(cycle, CultureInfo.InvariantCulture);
            }
        }

        return (prompted, posts);
    }

    /// <summary>Starts answering every newly prompted member (each answer retried until acknowledged).</summary>
    public void AnswerNewPrompts(CancellationToken cancellationToken)
    {
        foreach (var (member, cycleId) in Prompts().Prompted)
        {
            _answering.GetOrAdd(member, m => Task.Run(() => AnswerUntilAcknowledgedAsync(m, cycleId, cancellationToken), cancellationToken));
        }
    }

    public Task AllAnswersAcknowledged() => Task.WhenAll(_answering.Values);

    /// <summary>Members whose answering stopped on an error (a refused modal, say): they will never be acknowledged.</summary>
    public string AnswerFailures() => string.Join("; ", _answering
        .Where(pair => pair.Value.IsFaulted)
        .Select(pair => $"{pair.Key}: {pair.Value.Exception?.GetBaseException().Message}"));

    /// <summary>Members whose answer was confirmed to them: a DM reply, a response_url post, or the modal's own update.</summary>
    public HashSet<string> Confirmed(out int duplicates)
    {
        var confirmed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var call in Slack.CallsTo("chat.postMessage"))
        {
            var channel = call.Arg("channel") ?? string.Empty;
            if (channel.StartsWith('D') && MemberTeams.ContainsKey("U" + channel[1..]))
            {
                Bump(confirmed, "U" + channel[1..]);
            }
            else if (MemberTeams.ContainsKey(channel) && OpenButtonValue(call.Body) is null && IsConfirmation(call.Body))
            {
                Bump(confirmed, channel); // a button's reply that fell back to a DM
            }
        }

        foreach (var (id, body) in Slack.ResponseUrlPosts)
        {
            if (id.StartsWith("btn-", StringComparison.Ordinal) && IsConfirmation(body))
            {
                Bump(confirmed, id[4..]);
            }
        }

        foreach (var (member, count) in _modalConfirmations)
        {
            confirmed[member] = confirmed.GetValueOrDefault(member) + count;
        }

        duplicates = confirmed.Values.Sum(count => count - 1);
        return [.. confirmed.Keys];
    }

    /// <summary>Members with an answer row in the store, and how many answer rows and revisions there are.</summary>
    public async Task<(HashSet<string> Answered, int Rows, int Revisions)> StoredAnswersAsync()
    {
        await using var connection = await Database.Store.Dialect.OpenAsync(CancellationToken.None);
        var identities = (await connection.QueryAsync<string>("select p.identity from answers a join people p on p.id = a.person_id")).ToList();
        var revisions = await connection.ExecuteScalarAsync<int>("select count(*) from answer_revisions");
        return ([.. identities.Select(identity => identity[(identity.LastIndexOf(':') + 1)..])], identities.Count, revisions);
    }

    private async Task AnswerUntilAcknowledgedAsync(string member, long cycleId, CancellationToken cancellationToken)
    {
        var kind = KindOf(member);
        for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
        {
            var http = Route(Interlocked.Increment(ref _requests));
            if (http is not null)
            {
                try
                {
                    using var response = await SendAnswerAsync(http, member, cycleId, kind, attempt, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        if (kind == AnswerKind.Modal)
                        {
                            var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                            if (ack?["response_action"]?.GetValue<string>() != "update")
                            {
                                throw new InvalidOperationException($"modal of {member} was not accepted: {ack?.ToJsonString()}");
                            }

                            _modalConfirmations.AddOrUpdate(member, 1, (_, n) => n + 1);
                        }

                        _acknowledged[member] = kind;
                        return;
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
                {
                    // The host died mid-request or mid-response, or is restarting: no acknowledgement, so Slack (or the person)
                    // tries again. A body cut off by the kill, or the killed host's client disposed under a request in flight, is no
                    // acknowledgement either (each once ended members' answering for good and timed the test out).
                }
            }

            Interlocked.Increment(ref RequestsRefused);
            await Task.Delay(200, cancellationToken);
        }
    }

    private Task<HttpResponseMessage> SendAnswerAsync(HttpClient http, string member, long cycleId, AnswerKind kind, int attempt, CancellationToken ct)
    {
        var (team, teamId) = MemberTeams[member];
        var user = new JsonObject { ["id"] = member, ["username"] = member, ["name"] = member, ["team_id"] = team };
        switch (kind)
        {
            case AnswerKind.DirectMessage:
                var envelope = new JsonObject
                {
                    ["type"] = "event_callback",
                    ["team_id"] = team,
                    ["api_app_id"] = "A0001",
                    ["event_id"] = $"Ev-{member}",
                    ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["event"] = new JsonObject
                    {
                        ["type"] = "message",
                        ["channel"] = "D" + member[1..],
                        ["channel_type"] = "im",
                        ["user"] = member,
                        ["text"] = "on track\nprogress: shipped the thing\nnext: ship the next thing",
                        ["ts"] = "1700000000.000200",
                    },
                };
                return PostSignedAsync(http, "slack/events", envelope.ToJsonString(), "application/json", attempt == 0 ? null : Math.Min(attempt, 3), ct);
            case AnswerKind.Button:
                var draft = new AnswerDraft(CheckInStatus.AtRisk, teamId, cycleId, "waiting on review", "merge it", [], [], null);
                var press = new JsonObject
                {
                    ["type"] = "block_actions",
                    ["team"] = new JsonObject { ["id"] = team },
                    ["user"] = user,
                    ["trigger_id"] = $"trigger-{member}-{attempt}",
                    ["response_url"] = Slack.ResponseUrl($"btn-{member}"),
                    ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = CheckInReplies.StatusAction, ["value"] = draft.ToValue() }),
                };
                return PostSignedAsync(http, "slack/interactions", SlackHost.Form(new() { ["payload"] = press.ToJsonString() }), "application/x-www-form-urlencoded", null, ct);
            default:
                var submission = new JsonObject
                {
                    ["type"] = "view_submission",
                    ["team"] = new JsonObject { ["id"] = team },
                    ["user"] = user,
                    ["view"] = new JsonObject
                    {
                        ["id"] = "V" + member,
                        ["type"] = "modal",
                        ["callback_id"] = "statusbot.form",
                        ["private_metadata"] = $"checkin:{cycleId}",
                        ["state"] = new JsonObject
                        {
                            ["values"] = new JsonObject
                            {
                                ["status"] = new JsonObject { ["status"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = "off_track" } } },
                                ["progress"] = new JsonObject { ["progress"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "blocked on the vendor" } },
                            },
                        },
                    },
                };
                return PostSignedAsync(http, "slack/interactions", SlackHost.Form(new() { ["payload"] = submission.ToJsonString() }), "application/x-www-form-urlencoded", null, ct);
        }
    }

    private async Task<HttpResponseMessage> PostSignedAsync(HttpClient http, string path, string body, string contentType, int? retryNum, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", _signer.Sign(timestamp, body));
        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_error");
        }

        return await http.SendAsync(request, ct);
    }

    /// <summary>The cycle id on a prompt's "Answer the check-in" button; null for any other message.</summary>
    private static string? OpenButtonValue(JsonObject message) =>
        (message["blocks"] as JsonArray)?
            .OfType<JsonObject>()
            .SelectMany(block => (block["elements"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(element => element["action_id"]?.GetValue<string>() is { } id && id.StartsWith(CheckInMessages.OpenFormAction, StringComparison.Ordinal))?["value"]?
            .GetValue<string>();

    /// <summary>The weekly prompt (a reminder carries the same button, with other words).</summary>
    private static bool IsPrompt(JsonObject message) =>
        message["text"]?.GetValue<string>() is { } text && text.StartsWith("Weekly check-in", StringComparison.Ordinal);

    private static bool IsConfirmation(JsonObject message) =>
        message.ToJsonString().Contains("your check-in", StringComparison.OrdinalIgnoreCase);

    private static void Bump(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
