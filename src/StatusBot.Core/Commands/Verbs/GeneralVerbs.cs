using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.People;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>help [verb]</c>: generated from <see cref="CommandCatalog"/>.</summary>
public sealed class HelpVerb : ICommandVerb
{
    public Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var words = new List<string>();
        while (!arguments.AtEnd)
        {
            words.Add(arguments.Next("verb").Text);
        }

        if (words.Count == 0)
        {
            return Task.FromResult(CommandReplies.Help(CommandCatalog.Verbs));
        }

        var asked = string.Join(' ', words);
        if (CommandCatalog.Find(asked) is { } verb)
        {
            return Task.FromResult(CommandReplies.Help(verb));
        }

        if (CommandCatalog.OfNoun(asked) is { Count: > 0 } ofNoun)
        {
            return Task.FromResult(CommandReplies.Help(ofNoun));
        }

        var hint = Suggest.Closest(asked, CommandCatalog.Verbs.Select(v => v.Name).Concat(CommandCatalog.Verbs.Select(v => v.Noun)), 1);
        throw new CommandInputException($"There is no command {InlineMarkup.Bold(Names.Plain(asked))}.", hint.Count > 0 ? hint[0] : null);
    }
}

/// <summary><c>me</c>: what the bot knows about the caller.</summary>
public sealed class MeVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        arguments.End();
        var ct = context.CancellationToken;
        var roles = new List<string>();
        foreach (var program in await context.Session.Programs.ListAsync(context.WorkspaceId, ct))
        {
            var held = (await context.Session.Programs.ListRolesAsync(program.Id, ct)).Where(r => r.PersonId == context.Caller.Id).Select(r => r.Role == Role.Tpm ? "TPM" : "viewer");
            roles.AddRange(held.Select(role => $"{role} of {InlineMarkup.Bold(program.Name)}"));
        }

        var teams = new List<string>();
        foreach (var membership in await context.Session.Teams.ListMembershipsOfAsync(context.Caller.Id, ct))
        {
            teams.Add(await context.Find.TeamNameAsync(membership.TeamId));
        }

        var leave = (await context.Session.People.ListLeaveAsync(context.Caller.Id, ct))
            .Where(l => l.LastDay >= context.Today).OrderBy(l => l.FirstDay).Select(l => $"{Names.Iso(l.FirstDay)} – {Names.Iso(l.LastDay)}").ToList();
        if (context.Access.CallerIsAdmin)
        {
            roles.Insert(0, "workspace admin");
        }

        return CommandReplies.Done(
            $"You are {InlineMarkup.Mention(context.Caller.Identity, context.Caller.DisplayName)}.",
            new FieldsBlock(
            [
                new Field("Identity", context.Caller.Identity),
                new Field("Time zone", context.Caller.TimeZone),
                new Field("Roles", roles.Count == 0 ? "none" : string.Join(", ", roles)),
                new Field("Teams", teams.Count == 0 ? "none" : string.Join(", ", teams.Select(InlineMarkup.Bold))),
                new Field("Leave", leave.Count == 0 ? "none planned" : string.Join(", ", leave)),
            ]));
    }
}

/// <summary><c>leave &lt;first&gt; &lt;last&gt;</c>: the caller is away; they are not prompted on those days.</summary>
public sealed class LeaveVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var first = arguments.Date("first day (YYYY-MM-DD)");
        var last = arguments.Date("last day (YYYY-MM-DD)");
        arguments.End();
        if (last < first)
        {
            throw new CommandInputException($"The last day {Names.Iso(last)} is before the first day {Names.Iso(first)}.");
        }

        if (last < context.Today)
        {
            throw new CommandInputException($"{Names.Iso(last)} is in the past; leave is for today or later.");
        }

        if (last.DayNumber - first.DayNumber > 365)
        {
            throw new CommandInputException("Leave can be at most a year at a time.");
        }

        await context.Session.People.AddLeaveAsync(new LeavePeriod { PersonId = context.Caller.Id, FirstDay = first, LastDay = last, CreatedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"Noted: you are away from {InlineMarkup.Bold(Names.Iso(first))} to {InlineMarkup.Bold(Names.Iso(last))}. You will not be prompted on those days.");
    }
}
