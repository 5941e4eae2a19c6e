using StatusBot.Core.Blockers;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>blocker resolve &lt;id&gt; ["&lt;note&gt;"]</c>: closes an open blocker, keeping who, when and the note. Its author may
/// always close it (even after leaving the team); otherwise the verb's role applies: a member of the blocker's team or a
/// TPM of its program (admins, as roles nest).
/// </summary>
public sealed class BlockerResolveVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var id = arguments.Id("blocker id");
        var note = arguments.AtEnd ? null : arguments.Text("the note (in quotes)", BlockerResolution.MaxNoteLength).Trim();
        arguments.End();
        var (blocker, team, program) = await context.Find.BlockerAsync(id);
        if (blocker.PersonId != context.Caller.Id)
        {
            await context.Access.RequireAsync(program, team);
        }

        if (!blocker.IsOpen)
        {
            throw new CommandInputException(await BlockerResolution.AlreadyResolvedAsync(context.Session, blocker, context.CancellationToken, CommandContext.ZoneOf(context.Caller.TimeZone)));
        }

        note = string.IsNullOrEmpty(note) ? null : note;
        if (!await context.Session.Blockers.ResolveAsync(blocker.Id, context.Caller.Id, note, context.Now, context.CancellationToken))
        {
            // Someone resolved it between our read and our write: report theirs, change nothing.
            var theirs = (await context.Session.Blockers.GetAsync(blocker.Id, context.CancellationToken))!;
            throw new CommandInputException(await BlockerResolution.AlreadyResolvedAsync(context.Session, theirs, context.CancellationToken, CommandContext.ZoneOf(context.Caller.TimeZone)));
        }

        var raisedBy = await context.Find.MentionAsync(blocker.PersonId);
        var noteText = note is null ? string.Empty : $" Note: \"{Names.Plain(note)}\".";
        return CommandReplies.Done($"Resolved blocker {BlockerResolution.Describe(blocker)} of {InlineMarkup.Bold(team.Name)} (raised by {raisedBy}).{noteText}");
    }
}
