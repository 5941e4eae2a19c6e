using StatusBot.Core.Commands;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.People;

namespace StatusBot.Core.Tests.Commands;

public class TokenizerTests
{
    private static readonly PersonIdentity SlackCaller = PersonIdentity.Parse("slack:T1:U9");
    private static readonly PersonIdentity PlaygroundCaller = PersonIdentity.Parse("playground:bob");
    private static readonly PersonIdentity TeamsCaller = PersonIdentity.Parse("teams:tenant-1:aad-9");

    [Fact]
    public void Slack_user_mention_becomes_an_identity_in_the_callers_workspace()
    {
        var tokens = Tokenizer.Tokenize("team members Payments <@U123|ada> <@U456>", SlackCaller);

        Assert.Equal(new Token(TokenKind.Person, "ada", "slack:T1:U123"), tokens[3]);
        Assert.Equal(new Token(TokenKind.Person, "U456", "slack:T1:U456"), tokens[4]);
    }

    [Fact]
    public void Slack_channel_reference_becomes_a_channel_address()
    {
        var tokens = Tokenizer.Tokenize("program channel Apollo <#C1|apollo-status>", SlackCaller);

        Assert.Equal(new Token(TokenKind.Channel, "apollo-status", "slack:T1:C1"), tokens[3]);
    }

    [Fact]
    public void Quoted_strings_keep_their_spaces_with_straight_or_typographic_quotes()
    {
        var tokens = Tokenizer.Tokenize("risk add \"Vendor SDK late\" p3 i4 mitigation \u201Cstub it\u201D", SlackCaller);

        Assert.Equal(new Token(TokenKind.Quoted, "Vendor SDK late"), tokens[2]);
        Assert.Equal(new Token(TokenKind.Quoted, "stub it"), tokens[^1]);
    }

    [Fact]
    public void Unclosed_quote_is_an_input_error()
    {
        var error = Assert.Throws<CommandInputException>(() => Tokenizer.Tokenize("decision \"ship it", SlackCaller));
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Teams_mention_is_resolved_through_the_mention_map()
    {
        var mentions = new Dictionary<string, string> { ["<at>Ada Lovelace</at>"] = "teams:tenant-1:aad-1" };

        var tokens = Tokenizer.Tokenize("program tpm Apollo <at>Ada Lovelace</at>", TeamsCaller, mentions);

        Assert.Equal(new Token(TokenKind.Person, "Ada Lovelace", "teams:tenant-1:aad-1"), tokens[3]);
    }

    [Fact]
    public void Teams_mention_without_an_entity_is_refused_rather_than_guessed()
    {
        Assert.Throws<CommandInputException>(() => Tokenizer.Tokenize("program tpm Apollo <at>Ada</at>", TeamsCaller));
    }

    [Fact]
    public void Playground_handles_are_identities_and_elsewhere_names_to_look_up()
    {
        Assert.Equal(new Token(TokenKind.Person, "alice", "playground:alice"), Tokenizer.Tokenize("@alice", PlaygroundCaller)[0]);
        Assert.Equal(new Token(TokenKind.Channel, "leads", "playground:leads"), Tokenizer.Tokenize("#leads", PlaygroundCaller)[0]);
        Assert.Equal(new Token(TokenKind.Person, "alice", null), Tokenizer.Tokenize("@alice", SlackCaller)[0]);
    }

    [Fact]
    public void Slack_html_escapes_are_undone()
    {
        var tokens = Tokenizer.Tokenize("decision \"R&amp;D &lt;3\"", SlackCaller);

        Assert.Equal("R&D <3", tokens[1].Text);
    }

    [Theory]
    [InlineData("<@U1 2|x>")]
    [InlineData("<@|x>")]
    public void Malformed_slack_tokens_are_input_errors(string text)
    {
        Assert.Throws<CommandInputException>(() => Tokenizer.Tokenize(text, SlackCaller));
    }
}
