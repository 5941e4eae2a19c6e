namespace StatusBot.Core.Commands;

/// <summary>The role a verb needs, from least to most powerful; each includes the ones below it.</summary>
public enum VerbRole
{
    /// <summary>Anyone in the workspace (the caller acts on themself).</summary>
    Anyone,

    /// <summary>Read-only access to a program: its viewers, its teams' members, its TPMs, admins.</summary>
    Viewer,

    /// <summary>A member of the team concerned (or the program's TPMs, or admins).</summary>
    Member,

    /// <summary>A TPM of the program concerned (or a workspace admin).</summary>
    Tpm,

    /// <summary>A workspace admin (configured in <c>StatusBot:Admins</c>, or the app's installer).</summary>
    Admin,
}

/// <summary>
/// One verb of the grammar: what to type, an example, what it does and who may do it. The catalog of these
/// is the single source of <c>help</c>, the error usage lines and the README command reference.
/// </summary>
/// <param name="Name">The verb's words, e.g. <c>team schedule</c>.</param>
/// <param name="Arguments">The argument grammar after the name, e.g. <c>&lt;team&gt; &lt;weekday&gt; &lt;HH:MM&gt; [zone]</c>.</param>
/// <param name="Handler">The <see cref="ICommandVerb"/> that runs it.</param>
public sealed record VerbInfo(string Name, string Arguments, string Example, string Description, VerbRole Role, Type Handler)
{
    /// <summary>A verb that only reads (lists, status, help): it leaves no audit entry.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The one-line usage: name and arguments.</summary>
    public string Usage => Arguments.Length == 0 ? Name : $"{Name} {Arguments}";

    /// <summary>The first word (<c>team</c> of <c>team schedule</c>).</summary>
    public string Noun => Name.Split(' ')[0];

    /// <summary>
    /// The literal words of the grammar (<c>to</c>, <c>needs</c>, <c>window</c>…), for "did you mean" on a misspelled
    /// argument: bare words, or words that open an optional part (<c>[window &lt;hours&gt;h]</c>), never placeholders.
    /// </summary>
    public IReadOnlyList<string> Keywords =>
        Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.StartsWith('<') && !(part.StartsWith('[') && part.EndsWith(']')))
            .Select(part => part.TrimStart('['))
            .Where(word => word.Length > 1 && word.All(char.IsAsciiLetterLower))
            .ToList();

    /// <summary>How the role reads in help and refusals.</summary>
    public string RoleText => Role switch
    {
        VerbRole.Anyone => "anyone",
        VerbRole.Viewer => "viewer of the program",
        VerbRole.Member => "member of the team",
        VerbRole.Tpm => "TPM of the program",
        _ => "workspace admin",
    };
}
