using System.Net;
using System.Text.Json.Nodes;
using StatusBot.Core.Blockers;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.EndToEnd;

/// <summary>
/// Issue 10's blocker life cycle in Slack, end to end through signed requests and the fake Slack: blockers raised in a DM
/// answer, one resolved by ticking its box in a teammate's modal, one by a <c>resolved:</c> DM, one by
/// <c>/statusbot blocker resolve</c>; the open list and the digest show what is left (typed text escaped) and count what
/// was resolved.
/// </summary>
public sealed partial class SlackProgramScenarioTests
{
    private const string Hostile = "waiting on security review <!channel> <http://evil.example|the plan> [innocent](http://evil.example)";

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Blockers_resolve_by_modal_box_by_dm_and_by_command_and_the_digest_counts_them_and_escapes_the_rest(StoreKind store)
    {
        await using var host = await ProgramSlackHost.StartAsync(store, $"{Workspace}:{Tpm}");
        await CommandAsync(host, "program create Apollo", "create");
        await CommandAsync(host, "team add Payments to Apollo", "team");
        await CommandAsync(host, $"team members Payments <@{Ada}|ada> <@{Bob}|bob>", "members");
        await CommandAsync(host, $"program channel Apollo <#{Leadership}|leadership>", "channel");
        await CommandAsync(host, "checkin start Apollo", "start");
        await PostedToAsync(host, Bob, "Weekly check-in", "Bob's prompt");

        // Ada raises four blockers in her DM answer.
        using (var dm = await host.EventAsync(DirectMessage(Ada, "DADA", "Ev-ada-1", $"at risk\nprogress: refunds half done\nblockers: {Hostile}; flaky CI; no staging data; vendor SDK")))
        {
            Assert.Equal(HttpStatusCode.OK, dm.StatusCode);
        }

        await PostedToAsync(host, "DADA", "At risk", "the confirmation in Ada's DM");
        var raised = await OpenBlockersAsync(host);
        Assert.Equal([Hostile, "flaky CI", "no staging data", "vendor SDK"], raised.Select(b => b.Text));
        var (hostile, flaky, staging, vendor) = (raised[0].Id, raised[1].Id, raised[2].Id, raised[3].Id);

        // (a) Bob opens the form: every open blocker of the team has a "resolved" box; he ticks flaky CI.
        var openButton = AssertValidBlockKit(Message(await PostedToAsync(host, Bob, "Weekly check-in", "Bob's prompt")), 50)
            .SelectMany(Buttons).First(b => b["action_id"]!.GetValue<string>() == "checkin.open");
        using (await host.InteractionAsync(BlockActions(Bob, "bob", openButton, host.Slack.ResponseUrl("bob-press"))))
        {
        }

        var view = (JsonObject)Assert.Single(await host.Slack.WaitForCallsAsync("views.open", timeout: Within)).Body["view"]!;
        var boxes = view["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["element"]?["type"]?.GetValue<string>() == "checkboxes").Select(b => b["block_id"]!.GetValue<string>()).ToList();
        Assert.Equal([$"blocker:{hostile}:resolved", $"blocker:{flaky}:resolved", $"blocker:{staging}:resolved", $"blocker:{vendor}:resolved"], boxes);
        var submission = ViewSubmission(Bob, "bob", view, new Dictionary<string, string> { ["status"] = "on_track", ["progress"] = "fixed the CI runner", [$"blocker:{flaky}:resolved"] = "true" });
        using (var submitted = await host.InteractionAsync(submission))
        {
            var confirmation = Text(JsonNode.Parse(await submitted.Content.ReadAsStringAsync(Ct))!["view"]);
            Assert.Contains($"#{flaky} \"flaky CI\"", confirmation, StringComparison.Ordinal);
        }

        // (c) Ada resolves one by a DM of only "resolved:": no check-in answer is touched.
        using (await host.EventAsync(DirectMessage(Ada, "DADA", "Ev-ada-2", $"resolved: {staging}")))
        {
        }

        var resolvedReply = Text(Message(await PostedToAsync(host, "DADA", $"Resolved blocker #{staging}", "the resolved reply in Ada's DM")));
        Assert.Contains("Your check-in answer is unchanged", resolvedReply, StringComparison.Ordinal);

        // A bad id gets a clear reply and changes nothing.
        using (await host.EventAsync(DirectMessage(Ada, "DADA", "Ev-ada-3", $"resolved: {staging}, 99999")))
        {
        }

        var refused = Text(Message(await PostedToAsync(host, "DADA", "Nothing was resolved", "the refusal in Ada's DM")));
        Assert.Contains("#99999 is not a blocker of your teams", refused, StringComparison.Ordinal);
        Assert.Contains($"#{staging} \"no staging data\" was already resolved by <@{Ada}>", refused, StringComparison.Ordinal);

        // (b) The TPM resolves one by command, with a note.
        var byCommand = await CommandAsync(host, $"blocker resolve {vendor} \"SDK 2.1 arrived\"", "resolve");
        Assert.Contains($"Resolved blocker #{vendor} \"vendor SDK\" of Payments", byCommand, StringComparison.Ordinal);

        var left = await OpenBlockersAsync(host);
        Assert.Equal([hostile], left.Select(b => b.Id));
        var blockersList = await CommandAsync(host, "blockers Apollo", "list");
        Assert.Contains($"#{hostile} Payments: waiting on security review &lt;!channel&gt; &lt;http://evil.example|the plan&gt; [innocent](http://evil.example)", blockersList, StringComparison.Ordinal);
        Assert.DoesNotContain("flaky CI", blockersList, StringComparison.Ordinal);

        // The digest: three resolved this week, the one left shown as typed, pinging nobody and linking nowhere.
        await CommandAsync(host, "digest post Apollo", "digest");
        var digest = Message(await PostedToAsync(host, Leadership, "Apollo", "the digest in #leadership"));
        var digestText = Text(digest);
        Assert.Contains("*Resolved this week:* 3 blockers", digestText, StringComparison.Ordinal);
        Assert.Contains($"#{hostile} · Payments · waiting on security review &lt;!channel&gt; &lt;http://evil.example|the plan&gt; [innocent](http://evil.example)", digestText, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", digestText, StringComparison.Ordinal);
        Assert.DoesNotContain("<http://evil", digestText, StringComparison.Ordinal);
        Assert.DoesNotContain("flaky CI", digestText, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<Blocker>> OpenBlockersAsync(ProgramSlackHost host)
    {
        await using var session = await host.Database.Store.BeginAsync(Ct);
        var program = await session.Programs.FindByNameAsync(Workspace, "Apollo", Ct);
        return (await session.History.ListOpenBlockersAsync(program!.Id, Ct)).OrderBy(b => b.Id).ToList();
    }
}
