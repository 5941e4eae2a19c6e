using System.Net;
using System.Text;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Commands.Parsing;

/// <summary>
/// Splits command text into <see cref="Token"/>s. Platform tokens become identities in the caller's
/// workspace: Slack <c>&lt;@U123|ada&gt;</c> from <c>slack:T1:U9</c> is <c>slack:T1:U123</c>, <c>&lt;#C1&gt;</c> is
/// <c>slack:T1:C1</c>; a Teams <c>&lt;at&gt;Ada&lt;/at&gt;</c> is looked up in the request's mention map; a
/// playground <c>@alice</c> is <c>playground:alice</c>. Slack's <c>&amp;lt;</c>-style escapes are undone.
/// </summary>
/// <seealso href="https://api.slack.com/reference/surfaces/formatting#advanced">Slack: mentions and escaping in message text</seealso>
public static class Tokenizer
{
    private static readonly char[] OpeningQuotes = ['"', '\u201C', '\u201E'];
    private static readonly char[] ClosingQuotes = ['"', '\u201D', '\u201C'];

    public static IReadOnlyList<Token> Tokenize(string text, PersonIdentity caller, IReadOnlyDictionary<string, string>? mentions = null)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (Array.IndexOf(OpeningQuotes, text[i]) >= 0)
            {
                var end = text.IndexOfAny(ClosingQuotes, i + 1);
                if (end < 0)
                {
                    throw new CommandInputException($"A quote is not closed: {text[i..]}");
                }

                tokens.Add(new Token(TokenKind.Quoted, Decode(text[(i + 1)..end]).Trim()));
                i = end + 1;
                continue;
            }

            if (StartsWith(text, i, "<at>"))
            {
                var end = text.IndexOf("</at>", i, StringComparison.OrdinalIgnoreCase);
                if (end < 0)
                {
                    throw new CommandInputException($"A Teams mention is not closed: {text[i..]}");
                }

                var raw = text[i..(end + 5)];
                var name = text[(i + 4)..end].Trim();
                tokens.Add(new Token(TokenKind.Person, name, ResolveTeamsMention(raw, name, caller, mentions)));
                i = end + 5;
                continue;
            }

            if (StartsWith(text, i, "<@") || StartsWith(text, i, "<#"))
            {
                var end = text.IndexOf('>', i);
                if (end > i + 2)
                {
                    tokens.Add(SlackToken(text[(i + 1)..end], caller));
                    i = end + 1;
                    continue;
                }
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && Array.IndexOf(OpeningQuotes, text[i]) < 0 && !StartsWith(text, i, "<at>"))
            {
                i++;
            }

            tokens.Add(WordToken(Decode(text[start..i]), caller));
        }

        return tokens;
    }

    private static Token SlackToken(string inner, PersonIdentity caller)
    {
        // inner is "@U123|name" or "#C123|name"; Slack may omit the label.
        var bar = inner.IndexOf('|', StringComparison.Ordinal);
        var id = (bar < 0 ? inner[1..] : inner[1..bar]).Trim();
        var label = bar < 0 ? id : Decode(inner[(bar + 1)..]).Trim();
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c)))
        {
            throw new CommandInputException($"'<{inner}>' is not a valid {(inner[0] == '@' ? "person mention" : "channel reference")}.");
        }

        var kind = inner[0] == '@' ? TokenKind.Person : TokenKind.Channel;
        return new Token(kind, label.Length == 0 ? id : label, $"{caller.WorkspaceId}:{id}");
    }

    private static Token WordToken(string word, PersonIdentity caller)
    {
        if (word.Length > 1 && word[0] == '@')
        {
            var name = word[1..];
            if (caller.Platform != Workspaces.ChatPlatform.Playground)
            {
                // Elsewhere a bare @name is a display name to look up.
                return new Token(TokenKind.Person, name);
            }

            // The playground has no ids: the handle is the identity, normalised exactly as a log-in name, so @Alice is
            // alice; a name nobody can log in as is refused rather than stored as a person who can never answer.
            return PlaygroundNames.TryIdentity(name, out var identity)
                ? new Token(TokenKind.Person, name.ToLowerInvariant(), identity)
                : throw new CommandInputException($"{InlineMarkup.Escape(word)} is not a playground name: use {PlaygroundNames.Rule}, e.g. @alice.");
        }

        if (word.Length > 1 && word[0] == '#' && caller.Platform == Workspaces.ChatPlatform.Playground)
        {
            return new Token(TokenKind.Channel, word[1..], $"playground:{word[1..]}");
        }

        return new Token(TokenKind.Word, word);
    }

    private static string ResolveTeamsMention(string raw, string name, PersonIdentity caller, IReadOnlyDictionary<string, string>? mentions)
    {
        if (mentions is not null && (mentions.TryGetValue(raw, out var identity) || mentions.TryGetValue(name, out identity)))
        {
            return identity;
        }

        // Without the mention entity the name alone is not an identity: better to say so than guess a namesake.
        throw new CommandInputException($"I could not tell who {raw} is (the mention carried no identity); mention them again from the people picker.");
    }

    private static bool StartsWith(string text, int index, string prefix) =>
        string.Compare(text, index, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0;

    private static string Decode(string value) =>
        value.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(value) : value;

    /// <summary>Joins tokens back into text for error messages.</summary>
    public static string Join(IEnumerable<Token> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append(builder.Length == 0 ? string.Empty : " ").Append(token.Display);
        }

        return builder.ToString();
    }
}
