using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Workspaces;
using StatusBot.Host.Dashboard;
using StatusBot.Slack.Install;
using StatusBot.Slack.Signing;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Soak;

/// <summary>
/// The realistic program the soak runs against: W installed Slack workspaces (one bot token each at the fake Slack),
/// each with one program, T teams of M members (Etc/UTC, Monday 09:00 schedule), a TPM who is an admin, and a digest
/// channel; dependencies between the teams are added and the week's check-ins opened with signed
/// <c>/statusbot</c> commands through the host, so prompts go out through the outbox to the fake Slack. Builds the
/// signed requests of the load: DM answers, modal answers, commands and dashboard reads.
/// </summary>
internal sealed class SoakWorld(FakeSlack slack, TestDatabase database, int workspaces, int teams, int members)
{
    public const string SigningSecret = "soak-signing-secret-0123456789";
    private const string EncryptionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static readonly string[] Commands = ["status P{0}", "blockers P{0}", "digest preview P{0}", "dep list", "status"];
    private readonly SlackSignatureVerifier _signer = new(SigningSecret, TimeProvider.System);
    private readonly DashboardLinks _links = new(Options.Create(new DashboardOptions { SigningKey = TestKeys.DashboardSigningKey }), TimeProvider.System, "http://127.0.0.1");
    private readonly List<long> _programs = [];
    private readonly List<string> _members = [];

    /// <summary>Member user id → cycle id of the check-in the member was prompted for (from the prompts at the fake).</summary>
    public Dictionary<string, long> Cycles { get; } = new(StringComparer.Ordinal);

    public int Members => workspaces * teams * members;

    public static string SlackTeam(int w) => string.Create(CultureInfo.InvariantCulture, $"TSOAK{w:D2}");

    public static string Tpm(int w) => string.Create(CultureInfo.InvariantCulture, $"U{w:D2}TPM");

    private static string Member(int w, int t, int m) => string.Create(CultureInfo.InvariantCulture, $"U{w:D2}{t:D2}{m:D3}");

    private static string TeamName(int w, int t) => string.Create(CultureInfo.InvariantCulture, $"Team{w:D2}x{t:D2}");

    public IEnumerable<string> HostArgs() =>
    [
        "--Storage:Provider", database.Provider.ToString(),
        "--ConnectionStrings:StatusBot", database.ConnectionString,
        "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
        "--Slack:SigningSecret", SigningSecret,
        "--Slack:ClientId", "1.2",
        "--Slack:ClientSecret", "soak",
        "--Slack:TokenEncryptionKey", EncryptionKey,
        "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
        "--Logging:LogLevel:Default", "Warning",
        .. Enumerable.Range(0, workspaces).SelectMany(w => new[] { $"--StatusBot:Admins:{w}", $"slack:{SlackTeam(w)}:{Tpm(w)}" }),
    ];

    /// <summary>The rows a Slack install and a TPM's set-up leave: workspaces, installations, programs, teams, members.</summary>
    public async Task SeedAsync()
    {
        var protector = SlackTokenProtector.FromBase64(EncryptionKey);
        await using (var session = await database.Store.BeginAsync(CancellationToken.None))
        {
            for (var w = 0; w < workspaces; w++)
            {
                var workspaceId = $"slack:{SlackTeam(w)}";
                slack.BotTokens[$"xoxb-soak-{w}"] = SlackTeam(w);
                await Seed.WorkspaceAsync(session, workspaceId);
                await Seed.PersonAsync(session, Tpm(w), workspaceId, "Etc/UTC");
                var program = await Seed.ProgramAsync(session, string.Create(CultureInfo.InvariantCulture, $"P{w}"), workspaceId);
                _programs.Add(program.Id);
                await session.Programs.AddChannelAsync(
                    new ProgramChannel { ProgramId = program.Id, ChannelRef = $"{workspaceId}:C{w:D2}DIGEST", DisplayName = "digest", CreatedAt = Seed.Now },
                    CancellationToken.None);
                for (var t = 0; t < teams; t++)
                {
                    var team = await Seed.TeamAsync(session, program.Id, TeamName(w, t));
                    await session.Teams.SetScheduleAsync(
                        new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = Seed.Now },
                        CancellationToken.None);
                    for (var m = 0; m < members; m++)
                    {
                        var person = await Seed.PersonAsync(session, Member(w, t, m), workspaceId, "Etc/UTC");
                        await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
                        _members.Add(Member(w, t, m));
                    }
                }
            }

            await session.CommitAsync(CancellationToken.None);
        }

        // After the commit: the installations repository opens its own connection (SQLite has one writer).
        var installations = new WorkspaceInstallationRepository(database.Store);
        for (var w = 0; w < workspaces; w++)
        {
            await installations.UpsertAsync(
                new WorkspaceInstallation
                {
                    WorkspaceId = $"slack:{SlackTeam(w)}",
                    WorkspaceName = SlackTeam(w),
                    BotUserId = "UBOT",
                    EncryptedBotToken = protector.Protect(SlackTeam(w), $"xoxb-soak-{w}"),
                    InstalledByUserId = Tpm(w),
                    InstalledAt = Seed.Now,
                },
                CancellationToken.None);
        }
    }

    /// <summary>Each team needs something from the next one (a ring per program), then the week's check-ins open: by signed commands.</summary>
    public async Task SetUpThroughCommandsAsync(HttpClient http)
    {
        for (var w = 0; w < workspaces; w++)
        {
            for (var t = 0; t < teams; t++)
            {
                await ExpectOkAsync(http, Command(w, $"dep add {TeamName(w, t)} needs \"the API of {TeamName(w, (t + 1) % teams)}\" from {TeamName(w, (t + 1) % teams)} by 2030-12-15"));
            }

            await ExpectOkAsync(http, Command(w, string.Create(CultureInfo.InvariantCulture, $"checkin start P{w}")));
        }
    }

    /// <summary>Waits until every member's prompt reached the fake Slack, and notes each member's cycle id.</summary>
    public async Task WaitForPromptsAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var members = _members.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            foreach (var call in slack.CallsTo("chat.postMessage"))
            {
                if (call.Arg("channel") is { } channel && members.Contains(channel) && OpenButtonValue(call.Body) is { } cycle)
                {
                    Cycles[channel] = long.Parse(cycle, CultureInfo.InvariantCulture);
                }
            }

            if (Cycles.Count == members.Count)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"only {Cycles.Count} of {members.Count} members were prompted");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Request number <paramref name="n"/> of the mix (out of 20: 8 DM answers, 2 modal answers, 5 commands, 5 dashboard reads).</summary>
    public (string Kind, HttpRequestMessage Request) Next(long n)
    {
        var slot = (int)(n % 20);
        var member = _members[(int)((n / 20 * 7 + slot) % _members.Count)];
        var w = int.Parse(member.AsSpan(1, 2), CultureInfo.InvariantCulture);
        return slot switch
        {
            < 8 => ("dm answer", DirectMessage(member, n)),
            < 10 => ("modal answer", Modal(member)),
            < 15 => ("command", Command(w, string.Format(CultureInfo.InvariantCulture, Commands[(int)(n / 20 % Commands.Length)], w))),
            _ => ("dashboard", new HttpRequestMessage(HttpMethod.Get, new Uri(_links.LinkFor(_programs[w])).PathAndQuery)),
        };
    }

    private HttpRequestMessage DirectMessage(string member, long n)
    {
        var statuses = new[] { "on track", "at risk", "on track" };
        var envelope = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = SlackTeam(int.Parse(member.AsSpan(1, 2), CultureInfo.InvariantCulture)),
            ["api_app_id"] = "A0001",
            ["event_id"] = string.Create(CultureInfo.InvariantCulture, $"EvSoak{n}"),
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = new JsonObject
            {
                ["type"] = "message",
                ["channel"] = "D" + member[1..],
                ["channel_type"] = "im",
                ["user"] = member,
                ["text"] = string.Create(CultureInfo.InvariantCulture, $"{statuses[n % 3]}\nprogress: shipped slice {n}\nnext: slice {n + 1}"),
                ["ts"] = string.Create(CultureInfo.InvariantCulture, $"1700000000.{n:D6}"),
            },
        };
        return Signed("slack/events", envelope.ToJsonString(), "application/json");
    }

    private HttpRequestMessage Modal(string member)
    {
        var team = SlackTeam(int.Parse(member.AsSpan(1, 2), CultureInfo.InvariantCulture));
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = team },
            ["user"] = new JsonObject { ["id"] = member, ["username"] = member, ["name"] = member, ["team_id"] = team },
            ["view"] = new JsonObject
            {
                ["id"] = "V" + member,
                ["type"] = "modal",
                ["callback_id"] = "statusbot.form",
                ["private_metadata"] = string.Create(CultureInfo.InvariantCulture, $"checkin:{Cycles[member]}"),
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["status"] = new JsonObject { ["status"] = new JsonObject { ["type"] = "radio_buttons", ["selected_option"] = new JsonObject { ["value"] = "on_track" } } },
                        ["progress"] = new JsonObject { ["progress"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "the importer is in review" } },
                    },
                },
            },
        };
        return Signed("slack/interactions", "payload=" + Uri.EscapeDataString(submission.ToJsonString()), "application/x-www-form-urlencoded");
    }

    private HttpRequestMessage Command(int w, string text) =>
        Signed("slack/commands", string.Join('&', new Dictionary<string, string>
        {
            ["team_id"] = SlackTeam(w),
            ["channel_id"] = "CPROGRAM",
            ["user_id"] = Tpm(w),
            ["user_name"] = "tpm",
            ["command"] = "/statusbot",
            ["text"] = text,
            ["response_url"] = slack.ResponseUrl(string.Create(CultureInfo.InvariantCulture, $"cmd-{w}")),
            ["trigger_id"] = "trigger-soak",
        }.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}")), "application/x-www-form-urlencoded");

    private HttpRequestMessage Signed(string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", _signer.Sign(timestamp, body));
        return request;
    }

    private static async Task ExpectOkAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || body.Contains("Sorry", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"set-up command refused: {(int)response.StatusCode} {body}");
            }
        }
    }

    /// <summary>The cycle id on a prompt's "Answer the check-in" button; null for any other message.</summary>
    private static string? OpenButtonValue(JsonObject message) =>
        (message["blocks"] as JsonArray)?
            .OfType<JsonObject>()
            .SelectMany(block => (block["elements"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(element => element["action_id"]?.GetValue<string>() is { } id && id.StartsWith(CheckInMessages.OpenFormAction, StringComparison.Ordinal))?["value"]?
            .GetValue<string>();
}
