using StatusBot.Core.CheckIns;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;
using StatusBot.Playground.Endpoints;

namespace StatusBot.Host.Tests.Playground;

public sealed class HtmlRendererTests
{
    // The Ledger team's check-in in Kiritimati (UTC+14) closes Monday 19:00 UTC: Tuesday 09:00 there.
    private static readonly ChatMessage Prompt = CheckInMessages.Prompt(
        new CheckInCycle { Id = 42, TeamId = 7, WeekOf = new(2026, 11, 30), OpensAt = new(2026, 11, 29, 19, 0, 0, TimeSpan.Zero), RemindAt = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), ClosesAt = new(2026, 11, 30, 19, 0, 0, TimeSpan.Zero) },
        new Team { Id = 7, ProgramId = 1, Name = "Ledger" },
        new Person { Id = 3, WorkspaceId = "playground", Identity = "playground:alice", DisplayName = "alice", TimeZone = "UTC" },
        [],
        "Pacific/Kiritimati");

    [Theory]
    [InlineData("America/Los_Angeles", "Mon 2026-11-30 11:00 (America/Los_Angeles)")]
    [InlineData("Asia/Kolkata", "Tue 2026-12-01 00:30 (Asia/Kolkata)")]
    [InlineData("Pacific/Kiritimati", "Tue 2026-12-01 09:00 (Pacific/Kiritimati)")]
    public void The_close_time_shows_in_the_readers_own_zone(string readerZone, string shown)
    {
        var reader = new Person { WorkspaceId = "playground", Identity = "playground:bob", DisplayName = "bob", TimeZone = readerZone };

        var html = HtmlRenderer.Render(Prompt, PlaygroundEndpoints.ReaderZone(reader));

        Assert.Contains($"Answers are open until <time datetime=\"2026-11-30T19:00:00Z\">{shown}</time>.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_whose_zone_is_not_known_sees_the_teams_zone_named()
    {
        var unknown = new Person { WorkspaceId = "playground", Identity = "playground:carol", DisplayName = "carol", TimeZone = "UTC" };

        var html = HtmlRenderer.Render(Prompt, PlaygroundEndpoints.ReaderZone(unknown));

        Assert.Null(PlaygroundEndpoints.ReaderZone(unknown));
        Assert.Contains("<time datetime=\"2026-11-30T19:00:00Z\">Tue 2026-12-01 09:00 (Pacific/Kiritimati)</time>", html, StringComparison.Ordinal);
    }

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
