using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>checkin start &lt;team|program&gt;</c>: opens this week's cycle now for each active team.</summary>
public sealed class CheckinStartVerb(ICheckInOperations checkIns) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (program, teams, single) = await context.Find.ScopeAsync(arguments.Name("team or program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var active = teams.Where(t => !t.Paused).ToList();
        if (active.Count == 0)
        {
            throw new CommandInputException(single is not null
                ? $"{InlineMarkup.Bold(single.Name)} is paused; {InlineMarkup.Bold($"team resume {single.Name}")} first."
                : $"{InlineMarkup.Bold(program.Name)} has no active team to check in.");
        }

        // The engine opens cycles in its own transaction, so it runs after ours has closed.
        context.AfterCommit(async (_, ct) =>
        {
            var lines = new List<string>();
            foreach (var team in active)
            {
                var result = await checkIns.StartNowAsync(team.Id, ct);
                lines.Add(result.Opened
                    ? $"{InlineMarkup.Bold(team.Name)}: opened, {result.Prompted} prompted"
                    : $"{InlineMarkup.Bold(team.Name)}: already open this week (nobody prompted twice)");
            }

            return CommandReplies.List("Check-in started", lines, string.Empty);
        });
        return CommandReplies.Done("Starting…");
    }
}

/// <summary><c>checkin missing [team|program]</c>: who has not answered the open cycle.</summary>
public sealed class CheckinMissingVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (program, teams, _) = await context.Find.ScopeAsync(arguments.AtEnd ? null : arguments.Name("team or program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var lines = new List<string>();
        foreach (var team in teams)
        {
            lines.Add($"{InlineMarkup.Bold(team.Name)}: {await MissingAsync(context, team)}");
        }

        return CommandReplies.List($"Missing answers — {program.Name}", lines, "No teams yet.");
    }

    private static async Task<string> MissingAsync(CommandContext context, Team team)
    {
        var ct = context.CancellationToken;
        var cycle = (await context.Session.CheckIns.ListCyclesAsync(team.Id, ct)).Where(c => c.State == CycleState.Open).MaxBy(c => c.WeekOf);
        if (cycle is null)
        {
            return "no open check-in";
        }

        var answered = (await context.Session.CheckIns.ListAnswersAsync(cycle.Id, ct)).Select(a => a.PersonId).ToHashSet();
        var missing = new List<string>();
        foreach (var member in await context.Session.CheckIns.ListCycleMembersAsync(cycle.Id, ct))
        {
            if (!answered.Contains(member.PersonId))
            {
                missing.Add(await context.Find.MentionAsync(member.PersonId));
            }
        }

        return missing.Count == 0 ? "everyone answered" : string.Join(", ", missing);
    }
}

/// <summary><c>checkin remind [team|program]</c>: reminds every non-responder of the open cycles.</summary>
public sealed class CheckinRemindVerb(ICheckInOperations checkIns) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (program, teams, single) = await context.Find.ScopeAsync(arguments.AtEnd ? null : arguments.Name("team or program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (single is { Paused: true })
        {
            throw new CommandInputException($"{InlineMarkup.Bold(single.Name)} is paused, so it is not reminded; {InlineMarkup.Bold($"team resume {single.Name}")} first.");
        }

        var active = teams.Where(t => !t.Paused).ToList();
        if (active.Count == 0 && teams.Count > 0)
        {
            throw new CommandInputException($"Every team of {InlineMarkup.Bold(program.Name)} is paused, so nobody is reminded.");
        }

        context.AfterCommit(async (_, ct) =>
        {
            var total = 0;
            foreach (var team in active)
            {
                total += await checkIns.RemindNowAsync(team.Id, ct);
            }

            return CommandReplies.Done(total == 0
                ? "Nobody to remind: everyone answered, or no check-in is open."
                : $"Reminded {total} person(s) in {InlineMarkup.Bold(program.Name)}.");
        });
        return CommandReplies.Done("Reminding…");
    }
}
