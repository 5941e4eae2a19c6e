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
                ? $"{InlineMarkup.Bold(single.Name)} is paused; {InlineMarkup.Bold($"team resume {Names.Typed(single.Name)}")} first."
                : $"{InlineMarkup.Bold(program.Name)} has no active team to check in.");
        }

        // The engine opens cycles in its own transaction, so it runs after ours has closed. Each team is its own start: one
        // the engine refuses (a skipped week) gets its reason, and the teams after it are still opened.
        context.AfterCommit(async (_, ct) =>
        {
            var lines = new List<string>();
            var started = 0;
            foreach (var team in teams)
            {
                if (team.Paused)
                {
                    lines.Add($"{InlineMarkup.Bold(team.Name)}: paused, not opened");
                    continue;
                }

                try
                {
                    var result = await checkIns.StartNowAsync(team.Id, ct);
                    started++;
                    lines.Add(result.Opened
                        ? $"{InlineMarkup.Bold(team.Name)}: opened, {result.Prompted} prompted"
                        : $"{InlineMarkup.Bold(team.Name)}: already open this week (nobody prompted twice)");
                }
                catch (CheckInRefusedException refused)
                {
                    if (single is not null)
                    {
                        throw new CommandInputException($"{InlineMarkup.Bold(team.Name)} was not opened: {Reason(refused)}.");
                    }

                    lines.Add($"{InlineMarkup.Bold(team.Name)}: not opened: {Reason(refused)}");
                }
            }

            return CommandReplies.List(started > 0 ? "Check-in started" : "No check-in started", lines, string.Empty);
        });
        return CommandReplies.Done("Starting…");
    }

    /// <summary>The engine's refusal as a clause (it may end with a full stop of its own).</summary>
    internal static string Reason(CheckInRefusedException refused) => Names.Plain(refused.Message.TrimEnd('.', ' '));
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
            throw new CommandInputException($"{InlineMarkup.Bold(single.Name)} is paused, so it is not reminded; {InlineMarkup.Bold($"team resume {Names.Typed(single.Name)}")} first.");
        }

        var active = teams.Where(t => !t.Paused).ToList();
        if (active.Count == 0 && teams.Count > 0)
        {
            throw new CommandInputException($"Every team of {InlineMarkup.Bold(program.Name)} is paused, so nobody is reminded.");
        }

        // A team without an open check-in is named as such (the others are still reminded); one that closed since this
        // read is refused by the engine and named with its reason.
        var open = new HashSet<long>();
        foreach (var team in active)
        {
            if (await context.Session.CheckIns.FindLatestCycleAsync(team.Id, context.CancellationToken) is { State: CycleState.Open })
            {
                open.Add(team.Id);
            }
        }

        if (single is not null && open.Count == 0)
        {
            throw new CommandInputException(
                $"{InlineMarkup.Bold(single.Name)} has no open check-in to remind people of; start one with {InlineMarkup.Bold($"checkin start {Names.Typed(single.Name)}")}.");
        }

        context.AfterCommit(async (_, ct) =>
        {
            var total = 0;
            var lines = new List<string>();
            foreach (var team in teams)
            {
                if (team.Paused || !open.Contains(team.Id))
                {
                    lines.Add($"{InlineMarkup.Bold(team.Name)}: {(team.Paused ? "paused, not reminded" : "no open check-in")}");
                    continue;
                }

                try
                {
                    var reminded = await checkIns.RemindNowAsync(team.Id, ct);
                    total += reminded;
                    lines.Add($"{InlineMarkup.Bold(team.Name)}: {(reminded == 0 ? "everyone answered" : $"{reminded} reminded")}");
                }
                catch (CheckInRefusedException refused)
                {
                    if (single is not null)
                    {
                        throw new CommandInputException($"{InlineMarkup.Bold(team.Name)} was not reminded: {CheckinStartVerb.Reason(refused)}.");
                    }

                    lines.Add($"{InlineMarkup.Bold(team.Name)}: not reminded: {CheckinStartVerb.Reason(refused)}");
                }
            }

            var scope = InlineMarkup.Bold(single?.Name ?? program.Name);
            var text = total == 0
                ? $"Nobody to remind in {scope}: everyone answered, or no check-in is open."
                : $"Reminded {total} person(s) in {scope}.";
            return single is null ? CommandReplies.Done(text, new TextBlock(string.Join('\n', lines))) : CommandReplies.Done(text);
        });
        return CommandReplies.Done("Reminding…");
    }
}
