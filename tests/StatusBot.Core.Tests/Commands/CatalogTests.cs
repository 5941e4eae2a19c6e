using StatusBot.Core.Commands;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.People;

namespace StatusBot.Core.Tests.Commands;

/// <summary>Rules every verb must follow, so help, errors and the README stay complete.</summary>
public class CatalogTests
{
    public static TheoryData<string> VerbNames => new(CommandCatalog.Verbs.Select(v => v.Name));

    [Fact]
    public void Every_verb_the_issue_lists_is_in_the_catalog()
    {
        string[] required =
        [
            "help", "program create", "program list", "program channel", "program digest", "program tpm",
            "team add", "team remove", "team members", "team drop", "team schedule", "team pause", "team resume", "team skip",
            "checkin start", "checkin missing", "checkin remind", "dep add", "dep eta", "dep done", "dep drop", "dep list",
            "risk add", "risk update", "risk close", "risk list", "decision", "decisions", "status", "blockers",
            "digest preview", "digest post", "leave", "me",
        ];

        Assert.DoesNotContain(required, name => CommandCatalog.Find(name) is null);
        Assert.Equal(CommandCatalog.Verbs.Count, CommandCatalog.Verbs.Select(v => v.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(VerbNames))]
    public void Verb_has_usage_example_description_role_and_a_handler(string name)
    {
        var verb = CommandCatalog.Find(name)!;

        Assert.False(string.IsNullOrWhiteSpace(verb.Description));
        Assert.StartsWith(verb.Name, verb.Usage, StringComparison.Ordinal);
        Assert.True(typeof(ICommandVerb).IsAssignableFrom(verb.Handler) && !verb.Handler.IsAbstract);
        Assert.True(Enum.IsDefined(verb.Role));
    }

    [Theory]
    [MemberData(nameof(VerbNames))]
    public void Verb_example_starts_with_the_verb_and_tokenizes(string name)
    {
        var verb = CommandCatalog.Find(name)!;

        var tokens = Tokenizer.Tokenize(verb.Example, PersonIdentity.Parse("playground:ada"));
        var words = string.Join(' ', tokens.Take(name.Split(' ').Length).Select(t => t.Text));
        Assert.Equal(name, words);
    }

    [Fact]
    public void Help_lists_every_usage_line()
    {
        // What a reader sees: the markup of the help text escapes the grammar's brackets.
        var help = CommandReplies.Help(CommandCatalog.Verbs);
        var text = string.Join('\n', help.Blocks.OfType<StatusBot.Core.Messages.TextBlock>().Select(b => StatusBot.Core.Messages.InlineMarkup.ToPlainText(b.Text)));

        Assert.All(CommandCatalog.Verbs, verb => Assert.Contains(verb.Usage, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Keywords_are_the_grammar_words_not_the_placeholders()
    {
        Assert.Equal(["window", "remind"], CommandCatalog.Find("team schedule")!.Keywords);
        Assert.Equal(["needs", "from", "by", "for"], CommandCatalog.Find("dep add")!.Keywords);
        Assert.Equal(["on"], CommandCatalog.Find("dep waits")!.Keywords);
        Assert.Equal(["owner", "mitigation", "in"], CommandCatalog.Find("risk add")!.Keywords);
        Assert.Empty(CommandCatalog.Find("status")!.Keywords);
    }
}
