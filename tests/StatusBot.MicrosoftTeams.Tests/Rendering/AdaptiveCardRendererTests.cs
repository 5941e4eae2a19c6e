using System.Text.Json.Nodes;
using StatusBot.Core.Messages;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Tests.Rendering;

/// <summary>What a Teams reader would notice in a card, beyond the golden files.</summary>
public sealed class AdaptiveCardRendererTests
{
    private static readonly string Grace = InlineMarkup.Mention("teams:tenant-1:aad-grace", "Grace Hopper");

    private static JsonObject Card(params MessageBlock[] blocks) => AdaptiveCardRenderer.Render(new ChatMessage("test", "Summary", blocks));

    private static string Json(JsonNode node) => node.ToJsonString(TeamsJson.Compact);

    [Fact]
    public void A_teams_person_is_mentioned_with_an_entity_carrying_their_entra_object_id()
    {
        var card = Card(new TextBlock($"Asked by {Grace}"), new ContextBlock($"Owner {Grace}"));

        Assert.Equal("Asked by <at>Grace Hopper</at>", card["body"]![0]!["text"]!.ToString());
        var entity = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
        Assert.Equal("mention", entity["type"]!.ToString());
        Assert.Equal("<at>Grace Hopper</at>", entity["text"]!.ToString());
        Assert.Equal("aad-grace", entity["mentioned"]!["id"]!.ToString());
    }

    [Fact]
    public void A_person_of_another_platform_is_written_by_name_without_an_entity()
    {
        var card = Card(new TextBlock($"Hi {InlineMarkup.Mention("slack:T1:U1", "Ada")}"));

        Assert.Equal("Hi @Ada", card["body"]![0]!["text"]!.ToString());
        Assert.Null(card["msteams"]!["entities"]);
    }

    [Fact]
    public void Typed_text_cannot_mention_or_format()
    {
        var typed = $"<at>Grace Hopper</at> **now** [x](https://evil.example) _y_ {Grace}";

        var text = Card(new TextBlock(InlineMarkup.Escape(typed) + " " + Grace))["body"]![0]!["text"]!.ToString();

        Assert.DoesNotContain("<at>Grace Hopper</at> \\*", text, StringComparison.Ordinal);
        Assert.StartsWith("<\u2060at>Grace Hopper<\u2060/at> \\*\\*now\\*\\* \\[x\\](https://evil.example) \\_y\\_", text, StringComparison.Ordinal);
        Assert.EndsWith(" <at>Grace Hopper</at>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instant_is_shown_in_each_readers_zone_and_typed_braces_stay_text()
    {
        var closes = InlineMarkup.Instant(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), "Europe/Berlin");

        var text = Card(new TextBlock($"Open until {closes}. " + InlineMarkup.Escape("{{DATE(2000-01-01T00:00:00Z)}}")))["body"]![0]!["text"]!.ToString();

        Assert.Equal("Open until {{DATE(2026-12-01T17:00:00Z, SHORT)}} {{TIME(2026-12-01T17:00:00Z)}}. {\u2060{DATE(2000-01-01T00:00:00Z)}}", text);
    }

    [Fact]
    public void A_divider_separates_the_next_block()
    {
        var card = Card(new HeaderBlock("Apollo"), new DividerBlock(), new TextBlock("after"));

        var body = card["body"]!.AsArray();
        Assert.Equal(2, body.Count);
        Assert.True(body[1]!["separator"]!.GetValue<bool>());
    }

    [Fact]
    public void Buttons_are_execute_actions_carrying_the_action_id_and_value_and_links_open_urls()
    {
        var card = Card(new ActionsBlock([
            new ButtonAction("Answer", "checkin.open", "cycle:42", ButtonStyle.Primary),
            new ButtonAction("Page", "link", "program:1", Url: "https://statusbot.example.com/programs/1"),
        ]));

        var actions = card["body"]![0]!["actions"]!.AsArray();
        Assert.Equal("""{"type":"Action.Execute","title":"Answer","verb":"checkin.open","data":{"actionId":"checkin.open","value":"cycle:42"},"style":"positive"}""", Json(actions[0]!));
        Assert.Equal("Action.OpenUrl", actions[1]!["type"]!.ToString());
    }

    [Fact]
    public void The_check_in_form_has_a_status_choice_text_fields_a_date_per_dependency_and_a_toggle_per_resolve_choice()
    {
        var card = AdaptiveCardRenderer.Render(NeutralFixtures.Load("slack/checkin.form.resolve"));

        var body = card["body"]!.AsArray();
        var types = body.Select(node => node!["type"]!.ToString()).ToList();
        Assert.Equal(["TextBlock", "Input.ChoiceSet", "Input.Text", "Input.Text", "Input.Text", "Input.Toggle", "Input.Toggle", "Input.Text", "Input.Date", "Input.Toggle", "ActionSet"], types);
        var status = body[1]!;
        Assert.Equal("status", status["id"]!.ToString());
        Assert.True(status["isRequired"]!.GetValue<bool>());
        Assert.Equal("expanded", status["style"]!.ToString());
        Assert.Equal("dep:7:eta", body[8]!["id"]!.ToString());
        Assert.Equal("blocker:12:resolved", body[5]!["id"]!.ToString());
        Assert.Equal("false", body[5]!["value"]!.ToString());
        var submit = body[10]!["actions"]![0]!;
        Assert.Equal(AdaptiveCardRenderer.FormSubmitVerb, submit["verb"]!.ToString());
        Assert.Equal("checkin:42", submit["data"]!["formId"]!.ToString());
    }

    [Fact]
    public void An_oversized_message_keeps_its_first_blocks_within_teams_limit_and_says_how_many_are_left_out()
    {
        var blocks = Enumerable.Range(1, 400).Select(i => (MessageBlock)new StatusBlock(StatusBadge.OnTrack, $"Team {i}", $"On track with {Grace}")).ToArray();

        var card = Card(blocks);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(Json(card)) < 28_000);
        var body = card["body"]!.AsArray();
        Assert.Equal($"_and {400 - (body.Count - 1)} more not shown here_", body[^1]!["text"]!.ToString());
        Assert.Contains("**Team 1**", Json(body[0]!), StringComparison.Ordinal);
        Assert.Single(card["msteams"]!["entities"]!.AsArray());
    }

    [Fact]
    public void The_activity_carries_the_card_as_an_adaptive_card_attachment_with_the_summary()
    {
        var activity = AdaptiveCardRenderer.RenderActivity(new ChatMessage("x", "Check-in for **Payments**", [new TextBlock("hi")]));

        Assert.Equal("message", activity["type"]!.ToString());
        Assert.Equal("Check-in for Payments", activity["summary"]!.ToString());
        Assert.Equal("application/vnd.microsoft.card.adaptive", activity["attachments"]![0]!["contentType"]!.ToString());
        Assert.Equal("1.5", activity["attachments"]![0]!["content"]!["version"]!.ToString());
    }
}
