using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.Programs;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>status set &lt;program&gt; &lt;on-track|at-risk|off-track&gt; "&lt;reason&gt;"</c>: the TPM's override. It lasts until
/// <c>status clear</c> (not until the next digest): leadership sees who set it, why and how old it is, so an override
/// nobody renewed reads as stale instead of silently disappearing or silently staying.
/// </summary>
public sealed class StatusSetVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        var status = StatusWords.Parse(arguments.Next("status (on-track, at-risk or off-track)"));
        var reason = arguments.Text("reason (in quotes)", 500);
        arguments.End();
        await context.Access.RequireAsync(program);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new CommandInputException("Give the reason leadership will read, in quotes.");
        }

        var previous = program.StatusOverride;
        await context.Session.Programs.UpdateAsync(program with { StatusOverride = new StatusOverride(status, reason.Trim(), context.Caller.Id, context.Now) }, context.CancellationToken);
        context.Audit($"{program.Name} status override", StatusWords.Audit(previous), StatusWords.Audit(new StatusOverride(status, reason.Trim(), context.Caller.Id, context.Now)));
        var was = previous is null ? string.Empty : $" (replacing {CheckInStatusDisplay.Words(previous.Status).ToLowerInvariant()} set {Names.Iso(DateOnly.FromDateTime(previous.SetAt.UtcDateTime))})";
        return CommandReplies.Done(
            $"{InlineMarkup.Bold(program.Name)} now shows {InlineMarkup.Bold(CheckInStatusDisplay.Words(status))}{was}: \"{Names.Plain(reason.Trim())}\", set by you. "
            + $"It stays until {InlineMarkup.Bold($"status clear {Names.Typed(program.Name)}")}; the digest shows its age and what the rules say.");
    }
}

/// <summary><c>status clear &lt;program&gt;</c>: removes the override and the note; the rules decide again.</summary>
public sealed class StatusClearVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (program.StatusOverride is null && program.StatusNote is null)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(program.Name)} has no status override or note to clear.");
        }

        await context.Session.Programs.UpdateAsync(program with { StatusOverride = null, StatusNote = null }, context.CancellationToken);
        if (program.StatusOverride is not null)
        {
            context.Audit($"{program.Name} status override", StatusWords.Audit(program.StatusOverride), null);
        }

        if (program.StatusNote is not null)
        {
            context.Audit($"{program.Name} status note", program.StatusNote.Text, null);
        }

        var cleared = (program.StatusOverride, program.StatusNote) switch
        {
            (not null, not null) => "the status override and the note",
            (not null, null) => "the status override",
            _ => "the note",
        };
        return CommandReplies.Done($"Cleared {cleared} of {InlineMarkup.Bold(program.Name)}; its status follows the rules again.");
    }
}

/// <summary><c>status note &lt;program&gt; "&lt;what is being done&gt;"</c>: the TPM's account of what is being done; replaces the previous note.</summary>
public sealed class StatusNoteVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        var text = arguments.Text("what is being done (in quotes)", 500);
        arguments.End();
        await context.Access.RequireAsync(program);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CommandInputException("Write what is being done, in quotes.");
        }

        await context.Session.Programs.UpdateAsync(program with { StatusNote = new StatusNote(text.Trim(), context.Caller.Id, context.Now) }, context.CancellationToken);
        context.Audit($"{program.Name} status note", program.StatusNote?.Text, text.Trim());
        return CommandReplies.Done($"Noted for {InlineMarkup.Bold(program.Name)}: \"{Names.Plain(text.Trim())}\". The digest and {InlineMarkup.Bold("status")} show it under \"What is being done\", with your name and the date.");
    }
}

internal static class StatusWords
{
    /// <summary>An override as the audit trail keeps it: the status and its reason.</summary>
    public static string? Audit(StatusOverride? value) =>
        value is null ? null : $"{CheckInStatusDisplay.Words(value.Status).ToLowerInvariant()}: \"{value.Reason}\"";

    public static CheckInStatus Parse(Token token) => token.Text.ToLowerInvariant() switch
    {
        "on-track" => CheckInStatus.OnTrack,
        "at-risk" => CheckInStatus.AtRisk,
        "off-track" => CheckInStatus.OffTrack,
        _ => throw new CommandInputException($"{token.Display} is not a status; use on-track, at-risk or off-track."),
    };
}
