using StatusBot.Core.Messages;

namespace StatusBot.Core.Tests.Messages;

public sealed class InlineMarkupTests
{
    [Fact]
    public void Markup_splits_into_plain_bold_italic_link_and_mention_spans()
    {
        var text = $"{InlineMarkup.Bold("Payments")} is _late_: see {InlineMarkup.Link("plan", "https://example.test/p")} ask {InlineMarkup.Mention("slack:T1:U1", "Ada L")}.";

        var spans = InlineMarkup.Parse(text);

        Assert.Equal(
            [
                new InlineSpan(InlineKind.Bold, "Payments"),
                new InlineSpan(InlineKind.Plain, " is "),
                new InlineSpan(InlineKind.Italic, "late"),
                new InlineSpan(InlineKind.Plain, ": see "),
                new InlineSpan(InlineKind.Link, "plan", "https://example.test/p"),
                new InlineSpan(InlineKind.Plain, " ask "),
                new InlineSpan(InlineKind.Mention, "Ada L", "slack:T1:U1"),
                new InlineSpan(InlineKind.Plain, "."),
            ],
            spans);
        Assert.Equal("Payments is late: see plan ask @Ada L.", InlineMarkup.ToPlainText(text));
    }

    [Theory]
    [InlineData("snake_case_name stays plain")]
    [InlineData("2 * 3 ** 4")]
    [InlineData("[not a link](javascript:alert(1))")]
    public void Text_that_only_looks_like_markup_stays_plain(string text)
    {
        var span = Assert.Single(InlineMarkup.Parse(text));
        Assert.Equal(InlineKind.Plain, span.Kind);
    }

    [Fact]
    public void A_message_survives_its_json_round_trip_block_for_block()
    {
        var message = new ChatMessage("command.reply", "Done", [
            new HeaderBlock("Apollo"),
            new StatusBlock(StatusBadge.AtRisk, "Payments", "ETA moved"),
            new FieldsBlock([new Field("Owner", "Ada")]),
            new DividerBlock(),
            new ContextBlock("updated 5 min ago"),
            new FormBlock("checkin:1", "Check-in", "Send", [new DateInput("eta", "ETA", false, new DateOnly(2027, 1, 1))]),
        ]);

        var json = MessageJson.Serialize(message);
        var back = MessageJson.Deserialize(json);

        Assert.Equal(json, MessageJson.Serialize(back));
        Assert.Contains("\"type\": \"status\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"at_risk\"", json, StringComparison.Ordinal);
        Assert.IsType<FormBlock>(back.Blocks[^1]);
    }
}
