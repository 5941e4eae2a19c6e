using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands.Parsing;

/// <summary>
/// Reads a verb's arguments left to right. Every method either returns a valid value or throws
/// <see cref="CommandInputException"/> naming what was expected, so handlers read like the grammar.
/// </summary>
public sealed class ArgumentReader(IReadOnlyList<Token> tokens, int start = 0, IReadOnlyList<string>? keywords = null)
{
    private int _position = start;

    public bool AtEnd => _position >= tokens.Count;

    public Token? Peek() => AtEnd ? null : tokens[_position];

    public Token Next(string what) =>
        AtEnd ? throw new CommandInputException($"Missing {what}.") : tokens[_position++];

    /// <summary>A name: one word or a quoted string.</summary>
    public string Name(string what)
    {
        var token = Next(what);
        return token.Kind is TokenKind.Word or TokenKind.Quoted && token.Text.Length > 0
            ? token.Text
            : throw new CommandInputException($"Expected {what}, found {InlineMarkup.Escape(token.Display)}.");
    }

    /// <summary>A name of one or more bare words up to (not including) <paramref name="keyword"/>, or one quoted string.</summary>
    public string NameUntil(string keyword, string what)
    {
        if (Peek() is { Kind: TokenKind.Quoted })
        {
            return Name(what);
        }

        var words = new List<string>();
        while (Peek() is { Kind: TokenKind.Word } token && !token.Is(keyword))
        {
            words.Add(token.Text);
            _position++;
        }

        return words.Count > 0 ? string.Join(' ', words) : throw new CommandInputException($"Missing {what}.");
    }

    /// <summary>Free text: a quoted string, or a single word.</summary>
    public string Text(string what, int maxLength = 500)
    {
        var value = Name(what);
        return value.Length <= maxLength ? value : throw new CommandInputException($"The {what} is {value.Length} characters; keep it under {maxLength}.");
    }

    public void Keyword(string keyword, string what)
    {
        var token = Next($"'{keyword}' {what}");
        if (!token.Is(keyword))
        {
            throw new CommandInputException($"Expected '{keyword}' {what}, found {InlineMarkup.Escape(token.Display)}.", Hint(token, [keyword]));
        }
    }

    public bool TryKeyword(string keyword)
    {
        if (Peek() is { } token && token.Is(keyword))
        {
            _position++;
            return true;
        }

        return false;
    }

    public DateOnly Date(string what) => Parse<DateOnly>(what, (string text, out DateOnly value, out string error) => Values.TryDate(text, out value, out error));

    public TimeOnly Time(string what) => Parse<TimeOnly>(what, (string text, out TimeOnly value, out string error) => Values.TryTime(text, out value, out error));

    public DayOfWeek Weekday(string what) => Parse<DayOfWeek>(what, (string text, out DayOfWeek value, out string error) => Values.TryWeekday(text, out value, out error));

    public long Id(string what) => Parse<long>(what, (string text, out long value, out string error) => Values.TryId(text, out value, out error));

    public int Rating(char prefix, string what) => Parse<int>(what, (string text, out int value, out string error) => Values.TryRating(text, prefix, out value, out error));

    public int Hours(int max, string what) => Parse<int>(what, (string text, out int value, out string error) => Values.TryHours(text, max, out value, out error));

    /// <summary>An IANA zone when the next word looks like one; null (nothing consumed) otherwise.</summary>
    public string? OptionalZone()
    {
        if (Peek() is not { Kind: TokenKind.Word } token || !Values.LooksLikeZone(token.Text))
        {
            return null;
        }

        return Parse<string>("time zone", (string text, out string value, out string error) => Values.TryZone(text, out value, out error));
    }

    /// <summary>A person token (<c>&lt;@U1&gt;</c>, <c>&lt;at&gt;…&lt;/at&gt;</c>, <c>@alice</c>).</summary>
    public Token Person(string what)
    {
        var token = Next(what);
        return token.Kind == TokenKind.Person ? token : throw new CommandInputException($"Expected {what} as a mention (@name), found {InlineMarkup.Escape(token.Display)}.");
    }

    public Token Channel(string what)
    {
        var token = Next(what);
        return token.Kind == TokenKind.Channel || token.Is("here")
            ? token
            : throw new CommandInputException($"Expected {what} as a channel reference (#channel, or 'here'), found {InlineMarkup.Escape(token.Display)}.");
    }

    /// <summary>Fails when anything is left over.</summary>
    public void End()
    {
        if (!AtEnd)
        {
            throw new CommandInputException($"Unexpected {InlineMarkup.Escape(Tokenizer.Join(tokens.Skip(_position)))}.", Hint(tokens[_position], keywords ?? []));
        }
    }

    /// <summary>A grammar word close to what was typed, to suggest in place of it.</summary>
    private static string? Hint(Token token, IReadOnlyList<string> candidates) =>
        token.Kind == TokenKind.Word && Suggest.Closest(token.Text, candidates, 1) is [var closest] && !token.Is(closest) ? closest : null;

    private delegate bool TryParser<T>(string text, out T value, out string error);

    private T Parse<T>(string what, TryParser<T> parser)
    {
        var token = Next(what);
        if (token.Kind != TokenKind.Word)
        {
            throw new CommandInputException($"Expected {what}, found {InlineMarkup.Escape(token.Display)}.");
        }

        return parser(token.Text, out var value, out var error) ? value : throw new CommandInputException(error);
    }
}
