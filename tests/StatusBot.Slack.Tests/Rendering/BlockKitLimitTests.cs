using System.Text.Json.Nodes;
using StatusBot.Core.Messages;
using StatusBot.Slack.Rendering;

namespace StatusBot.Slack.Tests.Rendering;

public sealed class BlockKitLimitTests
{
    private static JsonArray Blocks(ChatMessage message) => BlockKitRenderer.RenderMessage(message)["blocks"]!.AsArray();

    [Fact]
    public void An_overlong_digest_keeps_the_first_49_blocks_and_says_how_many_more_there_are()
    {
        var blocks = Blocks(SampleMessages.All["digest.overflow"]);

        Assert.Equal(50, blocks.Count);
        Assert.Equal("Team 48", blocks[48]!["text"]!["text"]!.ToString()[(":large_green_circle: *".Length)..].Split('*')[0]);
        Assert.Equal("_and 22 more not shown here_", blocks[49]!["elements"]![0]!["text"]!.ToString());
    }

    [Fact]
    public void Texts_are_cut_to_slacks_lengths_without_breaking_an_escape()
    {
        var blocks = Blocks(SampleMessages.All["limits"]);

        Assert.Equal(150, blocks[0]!["text"]!["text"]!.ToString().Length);
        var section = blocks[1]!["text"]!["text"]!.ToString();
        Assert.True(section.Length <= 3000);
        Assert.EndsWith("x …", section, StringComparison.Ordinal);
        Assert.DoesNotContain("&a", section, StringComparison.Ordinal);
        var button = blocks[2]!["elements"]![0]!;
        Assert.Equal(75, button["text"]!["text"]!.ToString().Length);
        Assert.Equal(2000, button["value"]!.ToString().Length);
    }

    [Fact]
    public void More_than_ten_fields_continue_in_a_second_section()
    {
        var blocks = Blocks(SampleMessages.All["digest"]);
        var fieldSections = blocks.Where(b => b!["fields"] is not null).ToList();

        Assert.Equal([10, 2], fieldSections.Select(b => b!["fields"]!.AsArray().Count));
    }

    [Fact]
    public void Twenty_six_buttons_make_two_actions_blocks_with_unique_action_ids_that_map_back()
    {
        var buttons = Enumerable.Range(0, 26).Select(i => new ButtonAction($"Team {i}", "team.pick", $"team:{i}")).ToList();

        var blocks = Blocks(new ChatMessage("pick", "Pick", [new ActionsBlock(buttons)]));

        Assert.Equal([25, 1], blocks.Select(b => b!["elements"]!.AsArray().Count));
        var ids = blocks[0]!["elements"]!.AsArray().Select(e => e!["action_id"]!.ToString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal("team.pick", ActionIds.Restore(id)));
    }

    [Theory]
    [InlineData("**a & b**", "*a &amp; b*")]
    [InlineData("_x < y_", "_x &lt; y_")]
    [InlineData("[docs](https://x.example/a?b=1&c=2)", "<https://x.example/a?b=1&amp;c=2|docs>")]
    [InlineData("@{slack:T1:U42|Ada}", "<@U42>")]
    [InlineData("@{playground:alice|Alice}", "@Alice")]
    [InlineData("<!here> <@U1>", "&lt;!here&gt; &lt;@U1&gt;")]
    public void Inline_markup_becomes_slack_mrkdwn(string markup, string expected) =>
        Assert.Equal(expected, Mrkdwn.From(markup));

    [Fact]
    public void A_modal_keeps_at_most_100_blocks()
    {
        var inputs = Enumerable.Range(0, 120).Select(i => (FormInput)new TextInput($"q{i}", $"Question {i}", false, false)).ToList();

        var view = ModalRenderer.Render(new FormBlock("survey:1", "Survey", "Send", inputs));

        var blocks = view["blocks"]!.AsArray();
        Assert.Equal(100, blocks.Count);
        Assert.Equal("_and 21 more fields not shown here_", blocks[99]!["elements"]![0]!["text"]!.ToString());
    }
}
