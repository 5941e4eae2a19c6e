using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Decisions;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>decision "&lt;text&gt;" [program]</c>: logs a decision with who and when.</summary>
public sealed class DecisionVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var text = arguments.Text("the decision (in quotes)", 1000);
        var program = await context.Find.ProgramOrDefaultAsync(arguments.AtEnd ? null : arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var decision = await context.Session.Decisions.AddAsync(new Decision { ProgramId = program.Id, Text = text, DecidedByPersonId = context.Caller.Id, DecidedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"Logged decision #{decision.Id} for {InlineMarkup.Bold(program.Name)}: \"{Names.Plain(text)}\".");
    }
}

/// <summary><c>decisions [program]</c>: the decision log, newest first.</summary>
public sealed class DecisionsVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramOrDefaultAsync(arguments.AtEnd ? null : arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var lines = new List<string>();
        foreach (var decision in (await context.Session.Decisions.ListAsync(program.Id, context.CancellationToken)).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Take(20))
        {
            lines.Add($"{Names.Iso(DateOnly.FromDateTime(decision.DecidedAt.UtcDateTime))} \"{Names.Plain(decision.Text)}\" — {await context.Find.MentionAsync(decision.DecidedByPersonId)}");
        }

        return CommandReplies.List($"Decisions — {program.Name}", lines, "No decisions logged yet.");
    }
}

/// <summary><c>blockers [team|program]</c>: open blockers, oldest first.</summary>
public sealed class BlockersVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (program, teams, team) = await context.Find.ScopeAsync(arguments.AtEnd ? null : arguments.Name("team or program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        // Oldest first across the program's teams, each opened date in its team's zone ("dates in the team's"); the count is
        // of check-ins it has stayed open in (as the digest's escalation says), not of weeks since it was raised.
        var calendar = await TeamCalendar.LoadAsync(context.Session, program, context.CancellationToken);
        var open = new List<(Teams.Team Team, Blockers.Blocker Blocker)>();
        foreach (var each in teams)
        {
            open.AddRange((await context.Session.Blockers.ListOpenAsync(each.Id, context.CancellationToken)).Select(b => (each, b)));
        }

        var lines = new List<string>();
        foreach (var (each, blocker) in open.OrderBy(o => o.Blocker.OpenedAt).ThenBy(o => o.Blocker.Id))
        {
            var opened = Names.Iso(TeamCalendar.DateOf(calendar.ZoneOf(each.Id), blocker.OpenedAt));
            lines.Add($"#{blocker.Id} {InlineMarkup.Bold(each.Name)}: {Names.Plain(blocker.Text)} — {await context.Find.MentionAsync(blocker.PersonId)}, opened {opened}, open {Names.Count(blocker.CyclesOpen, "check-in", "check-ins")}");
        }

        var reply = CommandReplies.List($"Blockers — {team?.Name ?? program.Name}", lines, "No open blockers.");
        return lines.Count == 0
            ? reply
            : reply with { Blocks = [.. reply.Blocks, new ContextBlock($"Resolve one with {InlineMarkup.Bold("blocker resolve <id>")}, or tick it in your check-in form.")] };
    }
}

/// <summary><c>status [program]</c>: the program's digest for this week, built now and shown to the caller only.</summary>
public sealed class StatusVerb(IDigestBuilder digests) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramOrDefaultAsync(arguments.AtEnd ? null : arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var weekOf = await ProgramWeeks.CurrentAsync(context.Session, program.Id, context.WeekOf, context.CancellationToken);
        var tpm = await context.Access.RoleInAsync(program) is Role.Tpm or Role.Admin;
        context.AfterCommit(async (_, ct) => ActionHint.AddTo(await digests.BuildAsync(program.Id, weekOf, ct), program, tpm));
        return CommandReplies.Done("Building the status…");
    }
}

/// <summary><c>digest preview &lt;program&gt;</c>: this week's digest, to the caller only.</summary>
public sealed class DigestPreviewVerb(IDigestBuilder digests) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var weekOf = await ProgramWeeks.CurrentAsync(context.Session, program.Id, context.WeekOf, context.CancellationToken);
        context.AfterCommit(async (_, ct) => ActionHint.AddTo(await digests.BuildAsync(program.Id, weekOf, ct), program, tpm: true));
        return CommandReplies.Done("Building the preview…");
    }
}

/// <summary>
/// Tells a TPM, under their own <c>status</c> or <c>digest preview</c>, how to record what is being done when the digest
/// has to say nothing is recorded. Viewers see the digest as leadership will.
/// </summary>
internal static class ActionHint
{
    // The hint goes into the same block as "No mitigation recorded yet", so the digest keeps its block count (Slack's limit).
    public static ChatMessage AddTo(ChatMessage digest, Program program, bool tpm) =>
        tpm && DigestRenderer.SaysNothingRecorded(digest)
            ? digest with
            {
                Blocks = digest.Blocks.Select(b => b is TextBlock { Text: var text } && text == DigestRenderer.NothingRecordedText
                    ? new TextBlock(text + "\n" + InlineMarkup.Italic(
                        $"Only you see this: record what is being done with status note {Names.Typed(program.Name)} \"…\" or a risk's mitigation with risk update <id> mitigation \"…\"; "
                        + "new ETAs of slipped dependencies and escalated blockers show here too."))
                    : b).ToList(),
            }
            : digest;
}

/// <summary><c>digest post &lt;program&gt;</c>: posts this week's digest to the program's channels now.</summary>
public sealed class DigestPostVerb(IDigestPublisher publisher) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var channels = await context.Session.Programs.ListChannelsAsync(program.Id, context.CancellationToken);
        if (channels.Count == 0)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(program.Name)} has no digest channel yet; add one with {InlineMarkup.Bold($"program channel {Names.Typed(program.Name)} #channel")}.");
        }

        var weekOf = await ProgramWeeks.CurrentAsync(context.Session, program.Id, context.WeekOf, context.CancellationToken);
        var names = string.Join(", ", channels.Select(c => Names.Plain(c.DisplayName)));
        context.AfterCommit(async (reply, ct) =>
        {
            var posted = await publisher.PostNowAsync(program.Id, weekOf, ct);
            var week = $"{InlineMarkup.Bold(program.Name)} digest for the week of {Names.Iso(posted.WeekOf)}";
            return CommandReplies.Done(posted.Kind switch
            {
                DigestPostKind.AsOf => $"Posting the {week} to {names}, as of now: its check-ins have not all closed, so the week's digest still posts when they have, replacing this message.",
                DigestPostKind.Reposted => $"Posting the {week} again to {names}: the earlier message is updated where the platform allows.",
                _ => $"Posting the {week} to {names}.",
            });
        });
        return CommandReplies.Done($"Posting the {InlineMarkup.Bold(program.Name)} digest for the week of {Names.Iso(weekOf)} to {names}.");
    }
}
