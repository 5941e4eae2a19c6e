using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatusBot.Core.Dependencies;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.EndToEnd;

/// <summary>
/// Issue 7's "done when" scenario, end to end: a TPM sets up a program through signed <c>/statusbot</c> commands, a
/// cycle opens and the outbox worker DMs the prompts, one member answers through the modal and one by DM text, the
/// dependency the team provides slips, and the digest lands in the bound channel as valid Block Kit. Everything runs
/// through the real host over loopback HTTP against the fake Slack, with the real core and store (no port replaced).
/// </summary>
public sealed partial class SlackProgramScenarioTests
{
    private const string Tpm = "UTPM";
    private const string Ada = "UADA";
    private const string Bob = "UBOB";
    private const string Cy = "UCY";
    private const string Leadership = "CLEAD";
    private const string Workspace = "slack:" + FakeSlack.TeamId;

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Tpm_sets_up_a_program_members_answer_by_modal_and_dm_the_dependency_slips_and_the_digest_lands_in_the_channel(StoreKind store)
    {
        await using var host = await ProgramSlackHost.StartAsync(store, $"{Workspace}:{Tpm}");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var needBy = today.AddDays(4);
        var adaEta = needBy.AddDays(3);
        var bobEta = needBy.AddDays(6);

        // 1. The TPM (a configured workspace admin) sets the program up; each reply comes back on its response_url.
        Assert.Contains("Created program Apollo; you are its TPM", await CommandAsync(host, "program create Apollo", "create"), StringComparison.Ordinal);
        Assert.Contains("Added team Payments to Apollo", await CommandAsync(host, "team add Payments to Apollo", "team1"), StringComparison.Ordinal);
        Assert.Contains("Added team Checkout to Apollo", await CommandAsync(host, "team add Checkout to Apollo", "team2"), StringComparison.Ordinal);
        var payments = await CommandAsync(host, $"team members Payments <@{Ada}|ada> <@{Bob}|bob>", "members1");
        Assert.Contains("to Payments (2 member(s))", payments, StringComparison.Ordinal);
        Assert.Contains("to Checkout (1 member(s))", await CommandAsync(host, $"team members Checkout <@{Cy}|cy>", "members2"), StringComparison.Ordinal);
        Assert.Contains("digest will post to #leadership", await CommandAsync(host, $"program channel Apollo <#{Leadership}|leadership>", "channel"), StringComparison.Ordinal);
        var depReply = await CommandAsync(host, $"dep add Checkout needs \"Refund API\" from Payments by {Iso(needBy)}", "dep");
        Assert.Contains($"Checkout needs \"Refund API\" from Payments by {Iso(needBy)}", depReply, StringComparison.Ordinal);
        var dependencyId = long.Parse(depReply.Split('#')[1].Split(':')[0], CultureInfo.InvariantCulture);
        var started = await CommandAsync(host, "checkin start Apollo", "start");
        Assert.Contains("Payments: opened, 2 prompted", started, StringComparison.Ordinal);
        Assert.Contains("Checkout: opened, 1 prompted", started, StringComparison.Ordinal);

        // 2. The outbox worker DMs one prompt per member: valid Block Kit with the button that opens the form.
        var prompts = new Dictionary<string, FakeSlackCall>();
        foreach (var member in new[] { Ada, Bob, Cy })
        {
            prompts[member] = await PostedToAsync(host, member, "Weekly check-in", $"the check-in prompt DM to {member}");
        }

        foreach (var (member, prompt) in prompts)
        {
            var blocks = AssertValidBlockKit(Message(prompt), maxBlocks: 50);
            Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Arg("channel") == member && Text(Message(c)).Contains("Weekly check-in", StringComparison.Ordinal));
            Assert.Contains(blocks, b => Buttons(b).Any(button => button["action_id"]!.GetValue<string>() == "checkin.open"));
        }

        Assert.Contains($"dep:{dependencyId}:eta", Text(Message(prompts[Ada])), StringComparison.Ordinal);
        var openButton = AssertValidBlockKit(Message(prompts[Ada]), 50).SelectMany(Buttons).First(b => b["action_id"]!.GetValue<string>() == "checkin.open");
        var cycleId = openButton["value"]!.GetValue<string>();

        // 3a. Ada presses the button: the modal opens with the trigger id; a forged copy of her submission is refused and
        //     changes nothing; the genuine one (at risk, a first ETA after need-by) is recorded.
        using (var press = await host.InteractionAsync(BlockActions(Ada, "ada", openButton, host.Slack.ResponseUrl("ada-press"))))
        {
            Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        }

        var opened = Assert.Single(await host.Slack.WaitForCallsAsync("views.open", timeout: Within));
        Assert.Equal($"trigger-{Ada}", opened.Arg("trigger_id"));
        var view = (JsonObject)opened.Body["view"]!;
        Assert.Equal("modal", view["type"]!.GetValue<string>());
        Assert.Equal($"checkin:{cycleId}", view["private_metadata"]!.GetValue<string>());
        Assert.True(view["blocks"]!.AsArray().Count <= 100, "a modal holds at most 100 blocks");
        var answers = new Dictionary<string, string>
        {
            ["status"] = "at_risk",
            ["progress"] = "Refund API endpoints done, ledger reconciliation still failing",
            ["next"] = "Fix reconciliation, then load test",
            [$"dep:{dependencyId}:eta"] = Iso(adaEta),
        };
        var submission = ViewSubmission(Ada, "ada", view, answers);
        using (var forged = await host.InteractionAsync(submission, forged: true))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Empty(await AnswersAsync(host, cycleId));
        }

        using (var submitted = await host.InteractionAsync(submission))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            var body = await submitted.Content.ReadAsStringAsync(Ct);
            // The confirmation replaces the form in the modal: it is the person's echo of what was recorded.
            Assert.NotEmpty(body);
            {
                var ack = JsonNode.Parse(body)!;
                Assert.Equal("update", ack["response_action"]!.GetValue<string>());
                var confirmation = Text(ack["view"]!);
                Assert.Contains("At risk", confirmation, StringComparison.Ordinal);
                Assert.Contains($"#{dependencyId} ETA {Iso(adaEta)}", confirmation, StringComparison.Ordinal);
            }
        }


        Assert.Equal(
            [(Core.CheckIns.CheckInStatus.AtRisk, answers["progress"], answers["next"])],
            (await AnswersAsync(host, cycleId)).Select(a => (a.Status, a.Progress, a.Next)));

        // 3b. Bob answers in his DM with the bot, in plain text, and moves the ETA later still.
        using (var dm = await host.EventAsync(DirectMessage(Bob, "DBOB", "Ev-bob-1", $"off track\nprogress: ledger migration stuck on locks\nnext: pair with the DBA\ndep {dependencyId} eta {Iso(bobEta)}")))
        {
            Assert.Equal(HttpStatusCode.OK, dm.StatusCode);
        }

        var bobReply = Text(Message(await PostedToAsync(host, "DBOB", "Off track", "the reply in Bob's DM")));
        Assert.Contains("ledger migration stuck on locks", bobReply, StringComparison.Ordinal);
        Assert.Contains($"#{dependencyId} ETA {Iso(bobEta)}", bobReply, StringComparison.Ordinal);

        // The ETA history holds both answers' changes: null → Ada's date → Bob's later date.
        var (dependency, etaChanges) = await DependencyAsync(host, dependencyId);
        Assert.Equal(bobEta, dependency.Eta);
        Assert.Equal([(null, adaEta), (adaEta, bobEta)], etaChanges.Select(c => (c.FromEta, c.ToEta)));

        // 4. The TPM posts the digest: it re-evaluates the dependencies (the ETA was moved later, past need-by: slipped),
        //    tells the TPM, and lands in the bound channel naming the teams, the slip and who did not answer.
        //    (Whether answers already re-evaluated the dependency or only the digest did, the end state is the same.)
        Assert.Contains($"Posting the Apollo digest for the week of", await CommandAsync(host, "digest post Apollo", "digest"), StringComparison.Ordinal);
        var digest = await PostedToAsync(host, Leadership, "Apollo", "the digest in #leadership");
        var digestBlocks = AssertValidBlockKit(Message(digest), maxBlocks: 50);
        Assert.Equal("header", digestBlocks[0]["type"]!.GetValue<string>());
        Assert.StartsWith("Apollo — week of", digestBlocks[0]["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var digestText = Text(Message(digest));
        Assert.Contains("*Payments* — ", digestText, StringComparison.Ordinal);
        Assert.Contains("2/2 answered", digestText, StringComparison.Ordinal);
        Assert.Contains("*Refund API* — Payments → Checkout · slipped 6 d", digestText, StringComparison.Ordinal);
        Assert.Contains($"need-by {Iso(needBy)}, ETA {Iso(bobEta)}", digestText, StringComparison.Ordinal);
        Assert.Contains("*Did not answer*", digestText, StringComparison.Ordinal);
        Assert.Contains($"Checkout: <@{Cy}>", digestText, StringComparison.Ordinal);
        Assert.DoesNotContain($"<@{Ada}>", digestText, StringComparison.Ordinal);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Arg("channel") == Leadership);

        // 5. The slip is stored and announced to the program's TPM in a DM.
        (dependency, _) = await DependencyAsync(host, dependencyId);
        Assert.Equal((DependencyState.Slipped, 6), (dependency.State, dependency.SlipDays));
        var notice = await PostedToAsync(host, Tpm, "Refund API has slipped by 6 d", "the slip notice DM to the TPM");
        AssertValidBlockKit(Message(notice), maxBlocks: 50);
    }

    /// <summary>Sends a command as the TPM, checks the 3-second acknowledgement, and returns the reply's text from its response_url.</summary>
    private static async Task<string> CommandAsync(ProgramSlackHost host, string text, string responseId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var response = await host.CommandAsync(Tpm, "tpm", text, responseId))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"'{text}' was acknowledged after {clock.Elapsed.TotalSeconds:0.0}s; Slack gives up after 3s");
        }

        var (_, reply) = await Eventually.Find(
            () => host.Slack.ResponseUrlPosts.Where(p => p.Id == responseId).Select(p => Tuple.Create(p.Id, p.Body)).FirstOrDefault(),
            Within,
            $"the reply to '{text}' on its response_url",
            () => $"replies so far: {string.Join(" | ", host.Slack.ResponseUrlPosts.Select(p => $"{p.Id}: {Text(p.Body)}"))}");
        Assert.Equal("ephemeral", reply["response_type"]!.GetValue<string>());
        var words = Text(reply).Replace("*", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("could not", words, StringComparison.OrdinalIgnoreCase);
        return words;
    }

    /// <summary>Waits for a chat.postMessage into <paramref name="channel"/> whose text contains <paramref name="containing"/>.</summary>
    private static Task<FakeSlackCall> PostedToAsync(ProgramSlackHost host, string channel, string containing, string what) =>
        Eventually.Find(
            () => host.Slack.CallsTo("chat.postMessage").FirstOrDefault(c => c.Arg("channel") == channel && Text(Message(c)).Contains(containing, StringComparison.Ordinal)),
            Within,
            what,
            () => "chat.postMessage so far: " + string.Join(" | ", host.Slack.CallsTo("chat.postMessage").Select(c => $"{c.Arg("channel")}: {c.Arg("text")}")));

    private static async Task<(Dependency Dependency, IReadOnlyList<EtaChange> EtaChanges)> DependencyAsync(ProgramSlackHost host, long id)
    {
        await using var session = await host.Database.Store.BeginAsync(Ct);
        var dependency = await session.Dependencies.GetAsync(id, Ct);
        Assert.NotNull(dependency);
        return (dependency, await session.Dependencies.ListEtaChangesAsync(id, Ct));
    }

    private static async Task<IReadOnlyList<Core.CheckIns.Answer>> AnswersAsync(ProgramSlackHost host, string cycleId)
    {
        await using var session = await host.Database.Store.BeginAsync(Ct);
        return await session.CheckIns.ListAnswersAsync(long.Parse(cycleId, CultureInfo.InvariantCulture), Ct);
    }

    private static JsonObject BlockActions(string userId, string userName, JsonNode button, string responseUrl) => new()
    {
        ["type"] = "block_actions",
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId, ["domain"] = "acme" },
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userName, ["name"] = userName, ["team_id"] = FakeSlack.TeamId },
        ["api_app_id"] = "A0001",
        ["trigger_id"] = $"trigger-{userId}",
        ["response_url"] = responseUrl,
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "D" + userId, ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = "D" + userId, ["name"] = "directmessage" },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = button["action_id"]!.GetValue<string>(),
            ["block_id"] = "prompt",
            ["value"] = button["value"]!.GetValue<string>(),
            ["text"] = button["text"]!.DeepClone(),
            ["action_ts"] = "1700000000.000100",
        }),
    };

    /// <summary>
    /// The <c>view_submission</c> Slack sends for <paramref name="view"/> (as opened), with <c>state.values</c> built from
    /// its own input blocks: each block id keeps its element's action id and type; inputs not in <paramref name="answers"/> stay empty.
    /// </summary>
    private static JsonObject ViewSubmission(string userId, string userName, JsonObject view, IReadOnlyDictionary<string, string> answers)
    {
        var values = new JsonObject();
        foreach (var block in view["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "input"))
        {
            var blockId = block["block_id"]!.GetValue<string>();
            var element = block["element"]!;
            var type = element["type"]!.GetValue<string>();
            var answer = answers.GetValueOrDefault(blockId);
            var state = new JsonObject { ["type"] = type };
            switch (type)
            {
                case "radio_buttons" or "static_select":
                    state["selected_option"] = answer is null ? null : element["options"]!.AsArray().First(o => o!["value"]!.GetValue<string>() == answer)!.DeepClone();
                    break;
                case "datepicker":
                    state["selected_date"] = answer;
                    break;
                case "checkboxes":
                    state["selected_options"] = answer == "true" ? new JsonArray(element["options"]![0]!.DeepClone()) : new JsonArray();
                    break;
                default:
                    state["value"] = answer;
                    break;
            }

            values[blockId] = new JsonObject { [element["action_id"]!.GetValue<string>()] = state };
        }

        Assert.All(answers.Keys, key => Assert.NotNull(values[key]));
        var submittedView = (JsonObject)view.DeepClone();
        submittedView["id"] = "V0E2E";
        submittedView["team_id"] = FakeSlack.TeamId;
        submittedView["state"] = new JsonObject { ["values"] = values };
        submittedView["hash"] = "1700000000.abcdef";
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId, ["domain"] = "acme" },
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = userName, ["name"] = userName, ["team_id"] = FakeSlack.TeamId },
            ["api_app_id"] = "A0001",
            ["trigger_id"] = "trigger-submit",
            ["view"] = submittedView,
        };
    }

    private static JsonObject DirectMessage(string userId, string channel, string eventId, string text) => new()
    {
        ["token"] = "deprecated-verification-token",
        ["type"] = "event_callback",
        ["team_id"] = FakeSlack.TeamId,
        ["api_app_id"] = "A0001",
        ["event_id"] = eventId,
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["event"] = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = channel,
            ["channel_type"] = "im",
            ["user"] = userId,
            ["text"] = text,
            ["ts"] = "1700000000.000200",
            ["event_ts"] = "1700000000.000200",
        },
    };

    /// <summary>The message a call posted (the client sends JSON; a form-encoded <c>blocks</c> string is parsed too).</summary>
    private static JsonObject Message(FakeSlackCall call)
    {
        var message = (JsonObject)call.Body.DeepClone();
        if (message["blocks"] is JsonValue encoded && encoded.GetValueKind() == JsonValueKind.String)
        {
            message["blocks"] = JsonNode.Parse(encoded.GetValue<string>());
        }

        return message;
    }

    /// <summary>
    /// Checks the shape Slack's Block Kit requires of a message: a fallback text, at most <paramref name="maxBlocks"/> known
    /// blocks with unique ids, and each block within its text, field and element limits.
    /// </summary>
    private static List<JsonObject> AssertValidBlockKit(JsonObject message, int maxBlocks)
    {
        Assert.False(string.IsNullOrWhiteSpace(message["text"]?.GetValue<string>()), "a message needs a fallback text for notifications");
        var blocks = Assert.IsType<JsonArray>(message["blocks"]).Select(b => Assert.IsType<JsonObject>(b)).ToList();
        Assert.InRange(blocks.Count, 1, maxBlocks);
        var blockIds = blocks.Select(b => b["block_id"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Equal(blockIds.Count, blockIds.Distinct().Count());
        foreach (var block in blocks)
        {
            switch (block["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.Equal("plain_text", block["text"]!["type"]!.GetValue<string>());
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, 150);
                    break;
                case "section":
                    Assert.True(block["text"] is not null || block["fields"] is not null, "a section needs text or fields");
                    if (block["text"] is { } text)
                    {
                        Assert.InRange(text["text"]!.GetValue<string>().Length, 1, 3000);
                    }

                    if (block["fields"] is JsonArray fields)
                    {
                        Assert.InRange(fields.Count, 1, 10);
                        Assert.All(fields, f => Assert.InRange(f!["text"]!.GetValue<string>().Length, 1, 2000));
                    }

                    break;
                case "context":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, 10);
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Assert.InRange(elements.Count, 1, 25);
                    var actionIds = elements.Select(e => e!["action_id"]!.GetValue<string>()).ToList();
                    Assert.Equal(actionIds.Count, actionIds.Distinct().Count());
                    Assert.All(elements, e => Assert.InRange(e!["text"]!["text"]!.GetValue<string>().Length, 1, 75));
                    break;
                case "input":
                    Assert.NotNull(block["label"]);
                    Assert.NotNull(block["element"]?["action_id"]);
                    break;
                case "divider":
                    break;
                case var other:
                    Assert.Fail($"'{other}' is not a Block Kit block type StatusBot should send");
                    break;
            }
        }

        return blocks;
    }

    private static IEnumerable<JsonObject> Buttons(JsonObject block) =>
        block["type"]?.GetValue<string>() == "actions" ? block["elements"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]?.GetValue<string>() == "button") : [];

    /// <summary>Every string in the node, in order, one per line: what a person would read (plus ids, for matching).</summary>
    private static string Text(JsonNode? node)
    {
        var builder = new StringBuilder();
        Collect(node, builder);
        return builder.ToString();

        static void Collect(JsonNode? node, StringBuilder builder)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        Collect(child, builder);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Collect(child, builder);
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    builder.AppendLine(value.GetValue<string>());
                    break;
            }
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
