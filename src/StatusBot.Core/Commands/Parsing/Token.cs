namespace StatusBot.Core.Commands.Parsing;

/// <summary>What kind of piece of command text a <see cref="Token"/> is.</summary>
public enum TokenKind
{
    /// <summary>A bare word: a verb, a keyword, a name, a date…</summary>
    Word,

    /// <summary>A "double-quoted" string (straight or typographic quotes); may contain spaces.</summary>
    Quoted,

    /// <summary>A person: a Slack <c>&lt;@U1|name&gt;</c>, a Teams <c>&lt;at&gt;Name&lt;/at&gt;</c> or a playground <c>@alice</c>.</summary>
    Person,

    /// <summary>A channel: a Slack <c>&lt;#C1|name&gt;</c> or a playground <c>#leadership</c>.</summary>
    Channel,
}

/// <summary>
/// One piece of command text. For <see cref="TokenKind.Person"/> and <see cref="TokenKind.Channel"/>,
/// <see cref="Identity"/> is the platform-neutral address when the token carried one (Slack ids, resolved
/// Teams mentions, playground names) and null for a bare <c>@name</c> that must be looked up by display name.
/// </summary>
/// <param name="Text">The token as the person should see it in an error (the display name for mentions).</param>
public sealed record Token(TokenKind Kind, string Text, string? Identity = null)
{
    /// <summary>True when the token is the given bare keyword (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in a reply: quoted strings keep their quotes, mentions their @.</summary>
    public string Display => Kind switch
    {
        TokenKind.Quoted => $"\"{Text}\"",
        TokenKind.Person => "@" + Text,
        TokenKind.Channel => "#" + Text,
        _ => Text,
    };
}
