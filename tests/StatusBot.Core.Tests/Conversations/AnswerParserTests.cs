using StatusBot.Core.CheckIns;
using StatusBot.Core.Conversations;

namespace StatusBot.Core.Tests.Conversations;

public class AnswerParserTests
{
    [Theory]
    [InlineData("on track", CheckInStatus.OnTrack)]
    [InlineData("On Track - shipped the refund API", CheckInStatus.OnTrack)]
    [InlineData("green", CheckInStatus.OnTrack)]
    [InlineData("\U0001F7E2 all good", CheckInStatus.OnTrack)]
    [InlineData(":large_green_circle: all good", CheckInStatus.OnTrack)]
    [InlineData("at risk: vendor is late", CheckInStatus.AtRisk)]
    [InlineData("yellow", CheckInStatus.AtRisk)]
    [InlineData("\U0001F7E1", CheckInStatus.AtRisk)]
    [InlineData("off track", CheckInStatus.OffTrack)]
    [InlineData("RED. lost the build farm", CheckInStatus.OffTrack)]
    [InlineData("\U0001F534 blocked", CheckInStatus.OffTrack)]
    public void Status_keyword_or_emoji_on_the_first_line_sets_the_status(string text, CheckInStatus status)
    {
        Assert.Equal(status, AnswerParser.Parse(text).Status);
    }

    [Theory]
    [InlineData("reduced latency by 20%")]
    [InlineData("greenfield work continues")]
    [InlineData("we are on track? not sure")]
    public void Words_that_merely_start_like_a_status_are_progress(string text)
    {
        var parsed = AnswerParser.Parse(text);

        Assert.Null(parsed.Status);
        Assert.Equal(text, parsed.Progress);
    }

    [Fact]
    public void Labelled_lines_fill_their_fields()
    {
        var parsed = AnswerParser.Parse("""
            at risk
            progress: refund API in review
            next: load test
            also canary
            blockers: waiting on infra; no staging DB
            - flaky CI
            note: back on Monday
            """);

        Assert.Equal(CheckInStatus.AtRisk, parsed.Status);
        Assert.Equal("refund API in review", parsed.Progress);
        Assert.Equal("load test\nalso canary", parsed.Next);
        Assert.Equal(["waiting on infra", "no staging DB", "flaky CI"], parsed.Blockers);
        Assert.Equal("back on Monday", parsed.Note);
        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void Dependency_lines_become_updates()
    {
        var parsed = AnswerParser.Parse("on track\ndep 12 eta 2026-12-18\ndep #13 done");

        Assert.Equal([new DependencyUpdate(12, new DateOnly(2026, 12, 18), false), new DependencyUpdate(13, null, true)], parsed.DependencyUpdates);
    }

    [Theory]
    [InlineData("on track\ndep 12 eta 2026-02-30")]
    [InlineData("on track\ndep 12 eta soon")]
    [InlineData("on track\ndep 12 maybe")]
    public void Malformed_dependency_lines_are_errors(string text)
    {
        Assert.NotEmpty(AnswerParser.Parse(text).Errors);
    }

    [Fact]
    public void Without_status_or_labels_the_whole_text_is_progress()
    {
        var parsed = AnswerParser.Parse("Shipped the refund API.\nStarted on payouts.");

        Assert.Null(parsed.Status);
        Assert.Equal("Shipped the refund API.\nStarted on payouts.", parsed.Progress);
    }

    [Fact]
    public void Blockers_none_means_no_blockers()
    {
        Assert.Empty(AnswerParser.Parse("green\nblockers: none").Blockers);
    }

    [Fact]
    public void Team_label_names_the_team_answered_for()
    {
        Assert.Equal("Payments", AnswerParser.Parse("green\nteam: Payments").Team);
        var teamFirst = AnswerParser.Parse("team: Hermes/Payments\nat risk\nprogress: settlement export");
        Assert.Equal(("Hermes/Payments", CheckInStatus.AtRisk, "settlement export"), (teamFirst.Team, teamFirst.Status, teamFirst.Progress));
    }

    [Fact]
    public void Too_long_a_field_or_too_many_blockers_is_an_error_not_a_silent_cut()
    {
        var longProgress = AnswerParser.Parse("on track\nprogress: " + new string('x', AnswerParser.MaxLength + 1));
        var manyBlockers = AnswerParser.Parse("at risk\nblockers: " + string.Join("; ", Enumerable.Range(1, AnswerParser.MaxBlockers + 1).Select(i => $"waiting on {i}")));
        var justRight = AnswerParser.Parse("on track\nprogress: " + new string('x', AnswerParser.MaxLength));

        Assert.Equal([$"The progress is {AnswerParser.MaxLength + 1} characters; keep it under {AnswerParser.MaxLength}."], longProgress.Errors);
        Assert.Equal(AnswerParser.MaxLength + 1, longProgress.Progress.Length);
        Assert.Equal([$"That is {AnswerParser.MaxBlockers + 1} blockers; one answer takes up to {AnswerParser.MaxBlockers}."], manyBlockers.Errors);
        Assert.Empty(justRight.Errors);
    }
}
