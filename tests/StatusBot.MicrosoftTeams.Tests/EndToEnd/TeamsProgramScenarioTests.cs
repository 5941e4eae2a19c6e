using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.MicrosoftTeams.Tests.Inbound;
using StatusBot.Testing;

namespace StatusBot.MicrosoftTeams.Tests.EndToEnd;

/// <summary>
/// Issue 12's "done when" scenario, end to end over loopback HTTP: the bot is installed in a team, a TPM sets up a
/// program with <c>@StatusBot</c> commands in a team channel, members get proactive check-in cards in their personal
/// chats (1:1 conversations created from the stored roster), one answers with <c>Action.Execute</c> (the form replaces
/// the card, the confirmation replaces the form), one in plain text, the dependency slips, and the digest is posted to
/// the team channel. Real host, core and store (no port replaced); Bot Framework tokens signed by a key published
/// through a local OpenID metadata endpoint; a fake Bot Connector that enforces Teams' published rate limits.
/// </summary>
public sealed class TeamsProgramScenarioTests
{
    private static readonly TeamsPerson Tina = TeamsInboundTests.Tina;
    private static readonly TeamsPerson Ada = TeamsInboundTests.Ada;
    private static readonly TeamsPerson Bob = TeamsInboundTests.Bob;
    private static readonly TeamsPerson Cy = TeamsInboundTests.Cy;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Tpm_sets_up_a_program_in_a_channel_members_answer_their_cards_the_dependency_slips_and_the_digest_lands_in_the_channel(StoreKind store)
    {
        await using var host = await TeamsHost.StartAsync(store, TeamsHost.Person(Tina.AadObjectId));
        host.Connector.Rosters[Activities.TeamId] = [.. new[] { Tina, Ada, Bob, Cy }.Select(TeamsInboundTests.Member)];
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var needBy = today.AddDays(4);
        var adaEta = needBy.AddDays(3);
        var bobEta = needBy.AddDays(6);

        // 0. Installed in the team: the roster is stored (members reachable before they ever wrote to the bot).
        using (var installed = await host.PostAsync(Activities.InstalledInTeam(host.ServiceUrl, "install-1", Tina)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        await Eventually.FindAsync(() => TeamsInboundTests.ReferenceAsync(host, TeamsHost.Person(Cy.AadObjectId)), Within, "Cy's reference from the roster");

        // 1. The TPM sets the program up in the program's channel; each reply lands in the command's thread.
        Assert.Contains("Created program Apollo; you are its TPM", await CommandAsync(host, "s1", "program create Apollo"), StringComparison.Ordinal);
        Assert.Contains("Added team Payments to Apollo", await CommandAsync(host, "s2", "team add Payments to Apollo"), StringComparison.Ordinal);
        Assert.Contains("Added team Checkout to Apollo", await CommandAsync(host, "s3", "team add Checkout to Apollo"), StringComparison.Ordinal);
        Assert.Contains("to Payments (2 member(s))", await CommandAsync(host, "s4", $"team members Payments {Ada.Mention} {Bob.Mention}", Ada, Bob), StringComparison.Ordinal);
        Assert.Contains("to Checkout (1 member(s))", await CommandAsync(host, "s5", $"team members Checkout {Cy.Mention}", Cy), StringComparison.Ordinal);
        Assert.Contains("this channel", await CommandAsync(host, "s6", "program channel Apollo here"), StringComparison.Ordinal);
        var depReply = await CommandAsync(host, "s7", $"dep add Checkout needs \"Refund API\" from Payments by {Iso(needBy)}");
        Assert.Contains($"Checkout needs \"Refund API\" from Payments by {Iso(needBy)}", depReply, StringComparison.Ordinal);
        var dependencyId = long.Parse(depReply.Split('#')[1].Split(':')[0], CultureInfo.InvariantCulture);
        var started = await CommandAsync(host, "s8", "checkin start Apollo");
        Assert.Contains("Payments: opened, 2 prompted", started, StringComparison.Ordinal);
        Assert.Contains("Checkout: opened, 1 prompted", started, StringComparison.Ordinal);

        // 2. Each member gets one proactive card in a 1:1 the bot created with their 29: id (from the roster).
        var prompts = new Dictionary<TeamsPerson, RecordedRequest>();
        foreach (var member in new[] { Ada, Bob, Cy })
        {
            prompts[member] = await PostedToAsync(host, Activities.PersonalConversation(member), "Weekly check-in", $"the check-in card in {member.Name}'s chat");
            Assert.Single(host.SentTo(Activities.PersonalConversation(member)));
        }

        var created = host.Connector.Accepted.Where(r => r.Method == "POST" && r.Path == "/teams/v3/conversations").Select(r => r.Body!["members"]![0]!["id"]!.GetValue<string>()).ToList();
        Assert.Subset(created.ToHashSet(), new HashSet<string> { Ada.UserId, Bob.UserId, Cy.UserId });
        Assert.Equal(created.Distinct().Count(), created.Count);
        var open = Actions(Card(prompts[Ada])).Single(a => a["verb"]?.GetValue<string>() == "checkin.open");
        var cycleId = open["data"]!["value"]!.GetValue<string>();

        // 3a. Ada presses "Answer the check-in": the form replaces the card. She submits it (at risk, a first ETA after
        //     need-by); the confirmation replaces the form, and a redelivered submit changes nothing.
        var form = await CardActionAsync(host, "a1", Ada, open);
        var formCard = Assert.IsType<JsonObject>(form["value"]);
        var inputs = Inputs(formCard);
        Assert.Contains("status", inputs);
        Assert.Contains($"dep:{dependencyId}:eta", inputs);
        var submit = Actions(formCard).Single(a => a["verb"]?.GetValue<string>() == "statusbot.form.submit");
        var data = submit["data"]!.DeepClone().AsObject();
        data["status"] = "at_risk";
        data["progress"] = "Refund API endpoints done, ledger reconciliation still failing";
        data["next"] = "Fix reconciliation, then load test";
        data[$"dep:{dependencyId}:eta"] = Iso(adaEta);
        var submitAction = new JsonObject { ["verb"] = "statusbot.form.submit", ["data"] = data };
        var confirmation = TeamsInboundTests.CardText((await CardActionAsync(host, "a2", Ada, submitAction))["value"]!);
        Assert.Contains("At risk", confirmation, StringComparison.Ordinal);
        Assert.Contains($"#{dependencyId} ETA {Iso(adaEta)}", confirmation, StringComparison.Ordinal);
        var repeated = await CardActionAsync(host, "a2", Ada, submitAction);
        Assert.Contains("already received", repeated["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [(CheckInStatus.AtRisk, data["progress"]!.GetValue<string>())],
            (await AnswersAsync(host, cycleId)).Select(a => (a.Status, a.Progress)));

        // 3b. Bob answers in his personal chat in plain text, from a client in Tokyo, moving the ETA later still.
        using (var dm = await host.PostAsync(Activities.Personal(host.ServiceUrl, "b1", Bob, $"off track\nprogress: ledger migration stuck on locks\nnext: pair with the DBA\ndep {dependencyId} eta {Iso(bobEta)}", "Asia/Tokyo")))
        {
            Assert.Equal(HttpStatusCode.OK, dm.StatusCode);
        }

        var bobReply = TeamsInboundTests.CardText((await PostedToAsync(host, Activities.PersonalConversation(Bob), "ledger migration stuck on locks", "the reply in Bob's chat")).Body!);
        Assert.Contains("ledger migration stuck on locks", bobReply, StringComparison.Ordinal);
        Assert.Contains($"#{dependencyId} ETA {Iso(bobEta)}", bobReply, StringComparison.Ordinal);
        await using (var session = await host.Database.Store.BeginAsync(Ct))
        {
            Assert.Equal("Asia/Tokyo", (await session.People.FindByIdentityAsync(TeamsHost.Person(Bob.AadObjectId), Ct))!.TimeZone);
        }

        // 4. The TPM posts the digest: the dependency is re-evaluated (slipped past need-by) and the digest is posted
        //    into the program's channel as a new post, naming the teams, the slip and who did not answer.
        Assert.Contains("Posting the Apollo digest for the week of", await CommandAsync(host, "s9", "digest post Apollo"), StringComparison.Ordinal);
        var digest = await PostedToAsync(host, Activities.ProgramChannel, "Apollo", "the digest in the program channel");
        var digestText = TeamsInboundTests.CardText(digest.Body!);
        Assert.Contains("Payments", digestText, StringComparison.Ordinal);
        Assert.Contains("2/2 answered", digestText, StringComparison.Ordinal);
        Assert.Contains("Refund API", digestText, StringComparison.Ordinal);
        Assert.Contains("slipped 6 d", digestText, StringComparison.Ordinal);
        Assert.Contains("<at>Cy Young</at>", digestText, StringComparison.Ordinal);
        Assert.Contains(Card(digest)["msteams"]!["entities"]!.AsArray(), e => e!["mentioned"]!["id"]!.GetValue<string>() == Cy.AadObjectId);
        Assert.Single(host.SentTo(Activities.ProgramChannel));

        // 5. The slip is stored and announced to the TPM in her personal chat.
        await using (var session = await host.Database.Store.BeginAsync(Ct))
        {
            var dependency = await session.Dependencies.GetAsync(dependencyId, Ct);
            Assert.Equal((DependencyState.Slipped, 6), (dependency!.State, dependency.SlipDays));
        }

        await PostedToAsync(host, Activities.PersonalConversation(Tina), "Refund API has slipped by 6 d", "the slip notice in Tina's chat");

        // 6. Every card the bot sent (posts, replies, updates) or answered an action with passes Microsoft's own
        //    Adaptive Cards library at 1.5.
        await AssertOfficialCardsAsync(
            [
                .. host.Connector.Accepted.Select(r => r.Body?["attachments"]?[0]?["content"]).OfType<JsonNode>(),
                form["value"]!,
                (await CardActionAsync(host, "a3", Ada, open))["value"]!,
            ]);
    }

    private static async Task AssertOfficialCardsAsync(IReadOnlyList<JsonNode> cards)
    {
        var folder = Directory.CreateTempSubdirectory("statusbot-e2e-cards-").FullName;
        try
        {
            for (var i = 0; i < cards.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"card-{i:000}.json"), cards[i].ToJsonString(), Ct);
            }

            var results = await Rendering.OfficialCardCheckTests.CheckAsync(folder);

            Assert.Equal(cards.Count, results.Count);
            var problems = results.Where(r => r.Problems.Count > 0).Select(r => $"{r.File}: {string.Join("; ", r.Problems)}").ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<string> CommandAsync(TeamsHost host, string id, string command, params TeamsPerson[] mentioned) =>
        TeamsInboundTests.CommandAsync(host, id, command, mentioned);

    /// <summary>Presses an <c>Action.Execute</c> of a card as <paramref name="person"/>; returns the invoke response.</summary>
    private static async Task<JsonNode> CardActionAsync(TeamsHost host, string id, TeamsPerson person, JsonNode action)
    {
        var response = await TeamsInboundTests.InvokeAsync(
            host,
            Activities.CardAction(host.ServiceUrl, id, person, action["verb"]!.GetValue<string>(), action["data"]!.DeepClone().AsObject()));
        Assert.Equal(200, response["statusCode"]!.GetValue<int>());
        return response;
    }

    private static Task<RecordedRequest> PostedToAsync(TeamsHost host, string conversationId, string containing, string what) =>
        Eventually.Find(
            () => host.SentTo(conversationId).FirstOrDefault(r => TeamsInboundTests.CardText(r.Body!).Contains(containing, StringComparison.Ordinal)),
            Within,
            what,
            () => "sent so far: " + string.Join(" | ", host.Connector.Accepted.Select(r => $"{r.Method} {r.Path}")));

    private static JsonObject Card(RecordedRequest activity) => activity.Body!["attachments"]![0]!["content"]!.AsObject();

    /// <summary>Every action of a card, wherever it sits (the card's actions, action sets in the body).</summary>
    private static List<JsonObject> Actions(JsonNode card) => [.. Walk(card).Where(o => o["type"]?.GetValue<string>() == "Action.Execute")];

    private static HashSet<string> Inputs(JsonNode card) =>
        [.. Walk(card).Where(o => o["type"]?.GetValue<string>() is { } type && type.StartsWith("Input.", StringComparison.Ordinal)).Select(o => o["id"]!.GetValue<string>())];

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                {
                    foreach (var child in Walk(value))
                    {
                        yield return child;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var child in Walk(item))
                    {
                        yield return child;
                    }
                }

                break;
        }
    }

    private static async Task<IReadOnlyList<Answer>> AnswersAsync(TeamsHost host, string cycleId)
    {
        await using var session = await host.Database.Store.BeginAsync(Ct);
        return await session.CheckIns.ListAnswersAsync(long.Parse(cycleId, CultureInfo.InvariantCulture), Ct);
    }
}
