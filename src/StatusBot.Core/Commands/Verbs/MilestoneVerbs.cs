using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Milestones;
using StatusBot.Core.Programs;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>milestone add "&lt;name&gt;" &lt;YYYY-MM-DD&gt; [in &lt;program&gt;]</c>: a dated goal dependencies can serve.</summary>
public sealed class MilestoneAddVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var name = Names.Valid(arguments.Name("milestone name"), "milestone");
        var due = arguments.Date("due date (YYYY-MM-DD)");
        var program = await context.Find.ProgramOrDefaultAsync(arguments.TryKeyword("in") ? arguments.Name("program") : null);
        arguments.End();
        await context.Access.RequireAsync(program);
        if (due < await LocalToday.OfProgramAsync(context, program))
        {
            throw new CommandInputException($"The due date {Names.Iso(due)} is in the past.");
        }

        var existing = await context.Session.Milestones.ListAsync(program.Id, context.CancellationToken);
        if (existing.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(program.Name)} already has a milestone {InlineMarkup.Bold(same.Name)} (#{same.Id}); move its date with {InlineMarkup.Bold($"milestone date {same.Id} YYYY-MM-DD")}.");
        }

        var milestone = await context.Session.Milestones.AddAsync(
            new Milestone { ProgramId = program.Id, Name = name, DueDate = due, CreatedAt = context.Now },
            context.CancellationToken);
        return CommandReplies.Done($"Milestone #{milestone.Id} {InlineMarkup.Bold(name)} of {InlineMarkup.Bold(program.Name)} is due {Names.Iso(due)}. Link dependencies to it with {InlineMarkup.Bold($"dep for <id> {milestone.Id}")}.");
    }
}

/// <summary><c>milestone list [program]</c>: every milestone with its first and current date, and where the graph says it lands.</summary>
public sealed class MilestoneListVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramOrDefaultAsync(arguments.AtEnd ? null : arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var milestones = await context.Session.Milestones.ListAsync(program.Id, context.CancellationToken);
        var graph = await ProgramGraph.LoadAsync(context, program);
        var lines = new List<string>();
        foreach (var milestone in milestones)
        {
            var moved = milestone.OriginalDueDate is { } first && first != milestone.DueDate ? $" (first planned {Names.Iso(first)})" : string.Empty;
            var line = $"#{milestone.Id} {InlineMarkup.Bold(Names.Plain(milestone.Name))} · due {Names.Iso(milestone.DueDate)}{moved}";
            if (milestone.ReachedAt is { } reached)
            {
                lines.Add($"{line} · reached {Names.Iso(DateOnly.FromDateTime(reached.UtcDateTime))}");
                continue;
            }

            var node = NodeRef.Milestone(milestone.Id);
            var path = graph?.CriticalPath(node).Where(n => n.Ref.Kind == GraphNodeKind.Dependency).ToList() ?? [];
            var delay = graph?.DelayDays(node) ?? 0;
            line += delay > 0
                ? $" · projected {Names.Iso(graph!.ProjectedDate(node))}, {InlineMarkup.Bold($"{DependencyStateMessage.Days(delay)} late")}"
                : " · on schedule";
            if (path.Count > 0)
            {
                line += " · critical path: " + string.Join(" → ", path.Select(n => $"#{n.Ref.Id} {Names.Plain(n.Name)}"));
            }

            lines.Add(line);
        }

        return CommandReplies.List($"Milestones — {program.Name}", lines, $"No milestones yet; add one with milestone add \"<name>\" YYYY-MM-DD in {Names.Typed(program.Name)}.");
    }
}

/// <summary><c>milestone date &lt;id&gt; &lt;YYYY-MM-DD&gt;</c>: moves the date; the first date stays, every move is kept.</summary>
public sealed class MilestoneDateVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (milestone, program) = await context.Find.MilestoneAsync(arguments.Id("milestone id"));
        var due = arguments.Date("new date (YYYY-MM-DD)");
        arguments.End();
        await context.Access.RequireAsync(program);
        MilestoneRules.EnsureOpen(milestone);
        if (due < await LocalToday.OfProgramAsync(context, program))
        {
            throw new CommandInputException($"The date {Names.Iso(due)} is in the past.");
        }

        if (due == milestone.DueDate)
        {
            throw new CommandInputException($"Milestone #{milestone.Id} is already due {Names.Iso(due)}.");
        }

        await context.Session.Milestones.AddDateChangeAsync(
            new MilestoneDateChange { MilestoneId = milestone.Id, FromDate = milestone.DueDate, ToDate = due, ChangedByPersonId = context.Caller.Id, ChangedAt = context.Now },
            context.CancellationToken);
        await context.Session.Milestones.UpdateAsync(milestone with { DueDate = due }, context.CancellationToken);
        context.Audit($"milestone #{milestone.Id} date", Names.Iso(milestone.DueDate), Names.Iso(due));
        var first = milestone.OriginalDueDate ?? milestone.DueDate;
        var moves = (await context.Session.Milestones.ListDateChangesAsync(milestone.Id, context.CancellationToken)).Count;
        return CommandReplies.Done($"Milestone #{milestone.Id} {InlineMarkup.Bold(Names.Plain(milestone.Name))} is now due {InlineMarkup.Bold(Names.Iso(due))} (was {Names.Iso(milestone.DueDate)}; first planned {Names.Iso(first)}, moved {moves} time(s)).");
    }
}

/// <summary><c>milestone done &lt;id&gt;</c>: reached; it leaves the critical-path rules.</summary>
public sealed class MilestoneDoneVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (milestone, program) = await context.Find.MilestoneAsync(arguments.Id("milestone id"));
        arguments.End();
        await context.Access.RequireAsync(program);
        MilestoneRules.EnsureOpen(milestone);
        await context.Session.Milestones.UpdateAsync(milestone with { ReachedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"Milestone #{milestone.Id} {InlineMarkup.Bold(Names.Plain(milestone.Name))} is reached ({Names.Iso(await LocalToday.OfProgramAsync(context, program))}, due {Names.Iso(milestone.DueDate)}).");
    }
}

internal static class MilestoneRules
{
    public static void EnsureOpen(Milestone milestone)
    {
        if (milestone.ReachedAt is { } reached)
        {
            throw new CommandInputException($"Milestone #{milestone.Id} was already reached on {Names.Iso(DateOnly.FromDateTime(reached.UtcDateTime))}.");
        }
    }
}

/// <summary>The program's dependency graph as the digest builds it (UTC today), for replies that show dates and paths.</summary>
internal static class ProgramGraph
{
    /// <returns>The graph, or null when stored links form a cycle (they are refused when made; a reply must not fail on one).</returns>
    public static async Task<DependencyGraph?> LoadAsync(CommandContext context, Program program)
    {
        var session = context.Session;
        var ct = context.CancellationToken;
        try
        {
            return DependencyGraph.Build(
                await session.Dependencies.ListAsync(program.Id, ct),
                await session.Milestones.ListAsync(program.Id, ct),
                DateOnly.FromDateTime(context.Now.UtcDateTime),
                await session.Dependencies.ListLinksAsync(program.Id, ct));
        }
        catch (DependencyCycleException)
        {
            return null;
        }
    }
}
