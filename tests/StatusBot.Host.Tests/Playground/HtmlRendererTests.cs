using StatusBot.Core.Messages;
using StatusBot.Playground.Rendering;

namespace StatusBot.Host.Tests.Playground;

public sealed class HtmlRendererTests
{
    [Fact]
    public void Text_from_people_is_encoded_so_it_cannot_inject_markup()
    {
        var message = new ChatMessage("command.reply", "x", [
            new HeaderBlock("<script>alert(1)</script>"),
            new TextBlock("**<b>bold</b>** and [click](https://example.test/?a=1&b=\"2\")"),
            new FieldsBlock([new Field("<i>", "\"quoted\"")]),
        ]);

        var html = HtmlRenderer.Render(message);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>&lt;b&gt;bold&lt;/b&gt;</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.test/?a=1&amp;b=&quot;2&quot;\"", html, StringComparison.Ordinal);
        Assert.Contains("<dt>&lt;i&gt;</dt><dd>&quot;quoted&quot;</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_http_links_become_anchors()
    {
        var html = HtmlRenderer.Inline("[x](javascript:alert(1)) [y](https://ok.test)");

        Assert.DoesNotContain("href=\"javascript", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://ok.test\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_in_form_renders_as_a_real_html_form_keyed_by_input_id()
    {
        var form = new FormBlock("checkin:42", "Weekly check-in", "Send", [
            new ChoiceInput("status", "Status", true, [new ChoiceOption("on_track", "On track"), new ChoiceOption("at_risk", "At risk")], "at_risk"),
            new TextInput("progress", "Progress", false, Multiline: true, Value: "Ledger <done>"),
            new DateInput("dep:7:eta", "New ETA", false, new DateOnly(2027, 1, 2)),
            new CheckboxInput("dep:7:done", "Delivered", false, Checked: true),
        ]);

        var html = HtmlRenderer.RenderForm(form);

        Assert.Contains("<form class=\"sb-form\" data-form-id=\"checkin:42\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"radio\" name=\"status\" value=\"at_risk\" checked required>", html, StringComparison.Ordinal);
        Assert.Contains(">Ledger &lt;done&gt;</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"date\" name=\"dep:7:eta\" value=\"2027-01-02\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"dep:7:done\" checked>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"primary\">Send</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_lines_show_a_coloured_badge_with_words_not_only_colour()
    {
        var html = HtmlRenderer.Render(new ChatMessage("digest", "x", [new StatusBlock(StatusBadge.OffTrack, "Payments", "Vendor API late")]));

        Assert.Contains("<span class=\"badge off-track\">Off track</span> <strong>Payments</strong> Vendor API late", html, StringComparison.Ordinal);
    }
}
