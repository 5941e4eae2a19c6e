using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.MicrosoftTeams.Tests.Inbound;

/// <summary>
/// <c>POST /api/messages</c> on the real host over loopback: the token is checked before anything is stored, commands
/// typed in a team channel and in the personal chat run through the core and are answered where they were typed,
/// the roster stored at install resolves mentions, the clientInfo zone lands on the person, repeats are performed once.
/// </summary>
public sealed class TeamsInboundTests
{
    public static readonly TeamsPerson Tina = new("29:tina", "Tina Tpm", "aad-tina");
    public static readonly TeamsPerson Ada = new("29:ada", "Ada Lovelace", "aad-ada");
    public static readonly TeamsPerson Bob = new("29:bob", "Bob Builder", "aad-bob");
    public static readonly TeamsPerson Cy = new("29:cy", "Cy Young", "aad-cy");

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_request_without_a_valid_token_is_refused_before_anything_is_stored(StoreKind store)
    {
        await using var host = await TeamsHost.StartAsync(store);
        var activity = Activities.Personal(host.ServiceUrl, "m-forged", Ada, "help", "Asia/Tokyo");
        var otherChannelKey = host.Keys.Publish("webchat-only", "webchat");

        var statuses = new List<HttpStatusCode>();
        foreach (var (token, noToken) in new[]
        {
            ((string?)null, true),
            ("not-a-jwt", false),
            (host.Token(audience: "another-bot"), false),
            (host.Token(serviceUrl: "https://evil.example.com/teams/"), false),
            (FakeBotFrameworkKeys.Token(otherChannelKey, "webchat-only", TimeProvider.System.GetUtcNow(), serviceUrl: host.ServiceUrl), false),
        })
        {
            using var response = await host.PostAsync(activity, token, noToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], statuses);
        Assert.Equal((0, 0), (await host.CountAsync("inbound_work"), await host.CountAsync("conversation_references")));
        Assert.Empty(host.Connector.Requests);

        using (var accepted = await host.PostAsync(activity))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Assert.Equal(1, await host.CountAsync("inbound_work"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Installed_in_a_team_the_roster_resolves_mentions_and_channel_commands_are_answered_in_their_thread_once(StoreKind store)
    {
        await using var host = await TeamsHost.StartAsync(store, TeamsHost.Person(Tina.AadObjectId));
        host.Connector.Rosters[Activities.TeamId] = [Member(Tina), Member(Ada), Member(Bob)];

        using (var installed = await host.PostAsync(Activities.InstalledInTeam(host.ServiceUrl, "install-1", Tina)))
        {
            Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        }

        // The roster (two pages of the fake's two) is stored: identity by aadObjectId, the 29: id, no 1:1 conversation yet.
        var bob = await Eventually.FindAsync(() => ReferenceAsync(host, TeamsHost.Person(Bob.AadObjectId)), Within, "Bob's reference from the roster");
        Assert.Equal((Bob.UserId, null, host.ServiceUrl), (bob.PlatformUserId, bob.ConversationId, bob.ServiceUrl));
        Assert.Equal(3, host.Connector.Requests.Count(r => r.Path.EndsWith("/pagedmembers", StringComparison.Ordinal)) + 1);

        Assert.Contains("Created program Apollo", await CommandAsync(host, "c1", "program create Apollo"), StringComparison.Ordinal);
        Assert.Contains("Added team Payments to Apollo", await CommandAsync(host, "c2", "team add Payments to Apollo"), StringComparison.Ordinal);
        Assert.Contains("to Payments (2 member(s))", await CommandAsync(host, "c3", $"team members Payments {Ada.Mention} {Bob.Mention}", Ada, Bob), StringComparison.Ordinal);
        Assert.Contains("this channel", await CommandAsync(host, "c4", "program channel Apollo here"), StringComparison.Ordinal);

        // Cy joined after the install: the unknown 29: id makes the roster be read again.
        host.Connector.Rosters[Activities.TeamId] = [Member(Tina), Member(Ada), Member(Bob), Member(Cy)];
        Assert.Contains("Added team Checkout to Apollo", await CommandAsync(host, "c5", "team add Checkout to Apollo"), StringComparison.Ordinal);
        Assert.Contains("to Checkout (1 member(s))", await CommandAsync(host, "c6", $"team members Checkout {Cy.Mention}", Cy), StringComparison.Ordinal);

        // Teams redelivers an activity it got no answer for: the same id is stored and answered once.
        using (var again = await host.PostAsync(Activities.ChannelCommand(host.ServiceUrl, "c2", Tina, "team add Payments to Apollo")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await using var connection = await host.Database.Dialect.OpenAsync(Ct);
        var members = (await connection.QueryAsync<string>(
            "select p.identity from team_members m join people p on p.id = m.person_id join teams t on t.id = m.team_id order by t.name, p.identity")).AsList();
        Assert.Equal([TeamsHost.Person(Cy.AadObjectId), TeamsHost.Person(Ada.AadObjectId), TeamsHost.Person(Bob.AadObjectId)], members);
        var channels = (await connection.QueryAsync<string>("select channel_ref from program_channels")).AsList();
        Assert.Equal([$"teams:{TeamsHost.Tenant}:{Activities.ProgramChannel}"], channels);
        Assert.Equal(6, host.Connector.Requests.Count(r => r.Method == "POST" && r.Path.Contains("/activities/c", StringComparison.Ordinal)));
        Assert.Single(host.SentTo($"{Activities.ProgramChannel};messageid=c2"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task In_the_personal_chat_a_command_is_answered_there_and_the_client_zone_is_stored_on_the_person(StoreKind store)
    {
        await using var host = await TeamsHost.StartAsync(store);

        using (var me = await host.PostAsync(Activities.Personal(host.ServiceUrl, "p1", Ada, "me", "Asia/Tokyo")))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var reply = await Eventually.Find(() => host.SentTo(Activities.PersonalConversation(Ada)) is [var sent, ..] ? sent : null, Within, "the answer in Ada's chat");
        Assert.Contains("Asia/Tokyo", CardText(reply.Body!), StringComparison.Ordinal);
        var ada = await ReferenceAsync(host, TeamsHost.Person(Ada.AadObjectId));
        Assert.Equal((Activities.PersonalConversation(Ada), Ada.UserId), (ada!.ConversationId, ada.PlatformUserId));
        await using (var session = await host.Database.Store.BeginAsync(Ct))
        {
            var person = await session.People.FindByIdentityAsync(TeamsHost.Person(Ada.AadObjectId), Ct);
            Assert.Equal(("Ada Lovelace", "Asia/Tokyo"), (person!.DisplayName, person.TimeZone));
        }

        // Text that is not a command is a check-in answer: the core answers it (Ada has no team yet) through the outbox.
        using (var answer = await host.PostAsync(Activities.Personal(host.ServiceUrl, "p2", Ada, "on track\nprogress: shipped the refund API", "Asia/Tokyo")))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var queued = await Eventually.FindAsync(
            async () =>
            {
                await using var connection = await host.Database.Dialect.OpenAsync(Ct);
                return (await connection.QueryAsync<string>(
                    "select message from outbox where destination_address = @address", new { address = TeamsHost.Person(Ada.AadObjectId) })).FirstOrDefault();
            },
            Within,
            "the answer to Ada's check-in text in the outbox");
        Assert.Contains("You are not on any team yet", queued, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_card_action_is_answered_in_the_invoke_response_and_a_redelivered_one_is_not_run_again(StoreKind store)
    {
        await using var host = await TeamsHost.StartAsync(store);
        var press = Activities.CardAction(host.ServiceUrl, "inv-1", Ada, "checkin.open", new JsonObject { ["actionId"] = "checkin.open", ["value"] = "999" });

        var first = await InvokeAsync(host, press);
        var again = await InvokeAsync(host, press);
        var badForm = await InvokeAsync(host, Activities.CardAction(host.ServiceUrl, "inv-2", Ada, "statusbot.form.submit", new JsonObject { ["formId"] = "checkin:not-a-number", ["status"] = "on_track" }));

        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), (first["statusCode"]!.GetValue<int>(), first["type"]!.GetValue<string>()));
        Assert.Equal("AdaptiveCard", first["value"]!["type"]!.GetValue<string>());
        Assert.Contains("check-in", CardText(first["value"]!), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("application/vnd.microsoft.activity.message", again["type"]!.GetValue<string>());
        Assert.Contains("already received", again["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((400, "application/vnd.microsoft.error"), (badForm["statusCode"]!.GetValue<int>(), badForm["type"]!.GetValue<string>()));
        await using var connection = await host.Database.Dialect.OpenAsync(Ct);
        Assert.Equal(["Done", "Done"], (await connection.QueryAsync<string>("select state from inbound_work order by id")).AsList());
    }

    internal static JsonObject Member(TeamsPerson person) => FakeBotConnector.Member(person.UserId, person.Name, person.AadObjectId);

    /// <summary>Posts a card action and returns the invoke response the HTTP answer carries.</summary>
    internal static async Task<JsonNode> InvokeAsync(TeamsHost host, JsonObject activity)
    {
        using var response = await host.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    /// <summary>Sends <c>@StatusBot &lt;command&gt;</c> as Tina in the program channel; returns the reply's text from its thread.</summary>
    internal static async Task<string> CommandAsync(TeamsHost host, string id, string command, params TeamsPerson[] mentioned)
    {
        using (var response = await host.PostAsync(Activities.ChannelCommand(host.ServiceUrl, id, Tina, command, Activities.ProgramChannel, mentioned)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var reply = await Eventually.Find(
            () => host.SentTo($"{Activities.ProgramChannel};messageid={id}") is [var sent, ..] ? sent : null,
            Within,
            $"the reply to '{command}' in its thread",
            () => "sent so far: " + string.Join(" | ", host.Connector.Requests.Select(r => $"{r.Method} {r.Path}")));
        Assert.EndsWith($"/activities/{id}", reply.Path, StringComparison.Ordinal);
        Assert.Equal(id, reply.Body!["replyToId"]!.GetValue<string>());
        var text = CardText(reply.Body!).Replace("**", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("could not", text, StringComparison.OrdinalIgnoreCase);
        return text;
    }

    internal static async Task<Core.Delivery.ConversationReference?> ReferenceAsync(TeamsHost host, string address)
    {
        await using var session = await host.Database.Store.BeginAsync(Ct);
        return await session.ConversationReferences.GetAsync(address, Ct);
    }

    /// <summary>Every <c>text</c>, <c>title</c> and <c>value</c> string of a card or activity, one per line.</summary>
    internal static string CardText(JsonNode node)
    {
        var lines = new List<string>();
        Collect(node, lines);
        return string.Join('\n', lines);

        static void Collect(JsonNode? node, List<string> lines)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key is "text" or "title" or "value" or "summary" && value is JsonValue text && text.TryGetValue<string>(out var s))
                        {
                            lines.Add(s);
                        }
                        else
                        {
                            Collect(value, lines);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item, lines);
                    }

                    break;
            }
        }
    }
}
