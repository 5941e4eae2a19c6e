using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands;

/// <summary>
/// The channel-neutral replies of the command layer. Kinds: <c>command.reply</c> (it worked),
/// <c>command.error</c> (wrong input or unknown name, with the usage line), <c>command.refused</c>
/// (missing role) and <c>command.help</c>. Golden files pin each kind's JSON for the renderers.
/// </summary>
public static class CommandReplies
{
    public const string ReplyKind = "command.reply";
    public const string ErrorKind = "command.error";
    public const string RefusedKind = "command.refused";
    public const string HelpKind = "command.help";

    /// <summary>A success: a sentence, then optional detail blocks.</summary>
    public static ChatMessage Done(string text, params MessageBlock[] detail) =>
        new(ReplyKind, InlineMarkup.ToPlainText(text), [new TextBlock(text), .. detail]);

    /// <summary>A success that is a list: a title line and one line per item (or the empty text).</summary>
    public static ChatMessage List(string title, IReadOnlyList<string> lines, string whenEmpty)
    {
        var blocks = new List<MessageBlock> { new HeaderBlock(title) };
        blocks.Add(new TextBlock(lines.Count == 0 ? whenEmpty : string.Join('\n', lines)));
        return new ChatMessage(ReplyKind, lines.Count == 0 ? $"{title}: {InlineMarkup.ToPlainText(whenEmpty)}" : $"{title}: {lines.Count}", blocks);
    }

    /// <summary>The input was wrong: what is wrong, a suggestion, and the correct usage with an example.</summary>
    public static ChatMessage Error(string problem, VerbInfo? verb = null, string? suggestion = null, IReadOnlyList<VerbInfo>? usages = null)
    {
        var blocks = new List<MessageBlock> { new TextBlock(problem) };
        if (suggestion is not null)
        {
            blocks.Add(new TextBlock($"Did you mean {InlineMarkup.Bold(suggestion)}?"));
        }

        foreach (var usage in usages ?? (verb is null ? [] : [verb]))
        {
            blocks.Add(new ContextBlock($"Usage: {InlineMarkup.Bold(usage.Usage)} — e.g. {InlineMarkup.Italic(usage.Example)}"));
        }

        if (verb is null && usages is null)
        {
            blocks.Add(new ContextBlock($"Type {InlineMarkup.Bold("help")} for every command."));
        }

        var summary = InlineMarkup.ToPlainText(problem) + (suggestion is null ? string.Empty : $" Did you mean {suggestion}?");
        return new ChatMessage(ErrorKind, summary, blocks);
    }

    /// <summary>A named thing does not exist; lists the closest names.</summary>
    public static ChatMessage NotFound(string problem, IReadOnlyList<string> closest, VerbInfo? verb)
    {
        var text = closest.Count == 0 ? problem : $"{problem} Closest: {string.Join(", ", closest.Select(InlineMarkup.Bold))}.";
        return Error(text, verb);
    }

    /// <summary>The caller lacks the role: which role is needed and who holds it.</summary>
    public static ChatMessage Refused(string explanation, VerbInfo verb) =>
        new(RefusedKind, InlineMarkup.ToPlainText(explanation), [new TextBlock(explanation), new ContextBlock($"{InlineMarkup.Bold(verb.Name)} needs: {verb.RoleText}.")]);

    /// <summary>Every verb with its usage, grouped by noun.</summary>
    public static ChatMessage Help(IReadOnlyList<VerbInfo> verbs)
    {
        var blocks = new List<MessageBlock> { new HeaderBlock("StatusBot commands") };
        foreach (var group in verbs.GroupBy(verb => verb.Noun))
        {
            blocks.Add(new TextBlock(string.Join('\n', group.Select(verb => $"{InlineMarkup.Bold(verb.Usage)} — {verb.Description}"))));
        }

        blocks.Add(new ContextBlock($"Type {InlineMarkup.Bold("help <verb>")} for an example and who may use it."));
        return new ChatMessage(HelpKind, $"StatusBot commands: {verbs.Count}", blocks);
    }

    /// <summary>One verb in detail.</summary>
    public static ChatMessage Help(VerbInfo verb) =>
        new(HelpKind, $"{verb.Usage}: {verb.Description}",
        [
            new HeaderBlock(verb.Name),
            new TextBlock(verb.Description),
            new FieldsBlock(
            [
                new Field("Usage", InlineMarkup.Bold(verb.Usage)),
                new Field("Example", InlineMarkup.Italic(verb.Example)),
                new Field("Who", verb.RoleText),
            ]),
        ]);

    /// <summary>Something broke that is not the caller's fault; nothing was changed.</summary>
    public static ChatMessage Unexpected() =>
        Error("Something went wrong on my side and nothing was changed. Please try again; if it keeps failing, tell your StatusBot admin.");
}
