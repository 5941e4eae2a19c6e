using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>dep add &lt;consumer&gt; needs "&lt;what&gt;" from &lt;provider&gt; by &lt;YYYY-MM-DD&gt;</c>. The program is re-evaluated at
/// once (a need-by within days and no ETA is already at risk), as after every dependency verb.
/// </summary>
public sealed class DepAddVerb(IDependencyEvaluator evaluator) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var consumerName = arguments.NameUntil("needs", "consumer team");
        arguments.Keyword("needs", "after the consumer team");
        var what = arguments.Text("what is needed (in quotes)", 300);
        arguments.Keyword("from", "before the provider team");
        var providerName = arguments.NameUntil("by", "provider team");
        arguments.Keyword("by", "before the need-by date");
        var needBy = arguments.Date("need-by date (YYYY-MM-DD)");
        arguments.End();
        var (consumer, program) = await context.Find.TeamAsync(consumerName);
        var (provider, providerProgram) = await context.Find.TeamAsync(providerName);
        if (providerProgram.Id != program.Id)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(consumer.Name)} and {InlineMarkup.Bold(provider.Name)} are in different programs; a dependency links two teams of one program.");
        }

        if (provider.Id == consumer.Id)
        {
            throw new CommandInputException("A team cannot depend on itself.");
        }

        if (needBy < context.Today)
        {
            throw new CommandInputException($"The need-by date {Names.Iso(needBy)} is in the past.");
        }

        await context.Access.RequireAsync(program);
        var dependency = await context.Session.Dependencies.AddAsync(
            new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = consumer.Id,
                ProviderTeamId = provider.Id,
                What = what,
                NeedBy = needBy,
                CreatedByPersonId = context.Caller.Id,
                CreatedAt = context.Now,
            },
            context.CancellationToken);
        var stateNote = await DepRules.EvaluateAsync(evaluator, context, program.Id, dependency.Id);
        return CommandReplies.Done($"Dependency #{dependency.Id}: {InlineMarkup.Bold(consumer.Name)} needs \"{Names.Plain(what)}\" from {InlineMarkup.Bold(provider.Name)} by {Names.Iso(needBy)}.{stateNote}");
    }
}

/// <summary><c>dep eta &lt;id&gt; &lt;YYYY-MM-DD&gt;</c>: the provider's new expected date, kept in the ETA history.</summary>
public sealed class DepEtaVerb(IDependencyEvaluator evaluator) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (dependency, program) = await context.Find.DependencyAsync(arguments.Id("dependency id"));
        var eta = arguments.Date("ETA (YYYY-MM-DD)");
        arguments.End();
        var provider = await context.Session.Teams.GetAsync(dependency.ProviderTeamId, context.CancellationToken);
        await context.Access.RequireAsync(program, provider);
        DepRules.EnsureOpen(dependency);
        if (eta < context.Today)
        {
            throw new CommandInputException($"The ETA {Names.Iso(eta)} is in the past; if it was delivered, use {InlineMarkup.Bold($"dep done {dependency.Id}")}.");
        }

        if (dependency.Eta == eta)
        {
            throw new CommandInputException($"Dependency #{dependency.Id} already has the ETA {Names.Iso(eta)}.");
        }

        await context.Session.Dependencies.AddEtaChangeAsync(
            new EtaChange { DependencyId = dependency.Id, FromEta = dependency.Eta, ToEta = eta, ChangedByPersonId = context.Caller.Id, ChangedAt = context.Now },
            context.CancellationToken);
        await context.Session.Dependencies.UpdateAsync(dependency with { Eta = eta }, context.CancellationToken);
        var stateNote = await DepRules.EvaluateAsync(evaluator, context, program.Id, dependency.Id);
        var late = eta > dependency.NeedBy ? $" That is {eta.DayNumber - dependency.NeedBy.DayNumber} day(s) after the need-by date {Names.Iso(dependency.NeedBy)}." : string.Empty;
        return CommandReplies.Done($"Dependency #{dependency.Id} now expected {InlineMarkup.Bold(Names.Iso(eta))}{(dependency.Eta is { } old ? $" (was {Names.Iso(old)})" : string.Empty)}.{late}{stateNote}");
    }
}

/// <summary><c>dep done &lt;id&gt;</c>: delivered (the evaluator records the change of state and announces it once).</summary>
public sealed class DepDoneVerb(IDependencyEvaluator evaluator) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (dependency, program) = await context.Find.DependencyAsync(arguments.Id("dependency id"));
        arguments.End();
        var provider = await context.Session.Teams.GetAsync(dependency.ProviderTeamId, context.CancellationToken);
        await context.Access.RequireAsync(program, provider);
        DepRules.EnsureOpen(dependency);
        await context.Session.Dependencies.UpdateAsync(dependency with { DeliveredAt = context.Now }, context.CancellationToken);
        await DepRules.EvaluateAsync(evaluator, context, program.Id, dependency.Id);
        return CommandReplies.Done($"Dependency #{dependency.Id} \"{Names.Plain(dependency.What)}\" is delivered.");
    }
}

/// <summary><c>dep drop &lt;id&gt;</c>: no longer needed.</summary>
public sealed class DepDropVerb(IDependencyEvaluator evaluator) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (dependency, program) = await context.Find.DependencyAsync(arguments.Id("dependency id"));
        arguments.End();
        await context.Access.RequireAsync(program);
        DepRules.EnsureOpen(dependency);
        await context.Session.Dependencies.UpdateAsync(dependency with { State = DependencyState.Dropped }, context.CancellationToken);
        await DepRules.EvaluateAsync(evaluator, context, program.Id, dependency.Id);
        return CommandReplies.Done($"Dropped dependency #{dependency.Id} \"{Names.Plain(dependency.What)}\".");
    }
}

/// <summary><c>dep list [team]</c>: open dependencies of a team (either side) or of the caller's program.</summary>
public sealed class DepListVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (program, _, team) = await context.Find.ScopeAsync(arguments.AtEnd ? null : arguments.Name("team"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var lines = new List<string>();
        foreach (var dep in await context.Session.Dependencies.ListAsync(program.Id, context.CancellationToken))
        {
            if (dep.State is DependencyState.Delivered or DependencyState.Dropped || (team is not null && dep.ConsumerTeamId != team.Id && dep.ProviderTeamId != team.Id))
            {
                continue;
            }

            var eta = dep.Eta is { } e ? $" · ETA {Names.Iso(e)}" : string.Empty;
            lines.Add($"#{dep.Id} {InlineMarkup.Bold(await context.Find.TeamNameAsync(dep.ConsumerTeamId))} needs \"{Names.Plain(dep.What)}\" from {InlineMarkup.Bold(await context.Find.TeamNameAsync(dep.ProviderTeamId))} by {Names.Iso(dep.NeedBy)}{eta} · {DepRules.StateText(dep.State)}");
        }

        return CommandReplies.List($"Dependencies — {team?.Name ?? program.Name}", lines, "No open dependencies.");
    }
}

internal static class DepRules
{
    /// <summary>
    /// Re-evaluates the program inside the command's session, so the change, the new states and their notifications
    /// commit together (a second session would wait on this one's write lock). Returns a sentence for the reply when
    /// <paramref name="dependencyId"/> became on time, at risk or slipped because of the command, else an empty string
    /// (delivered and dropped are what the verb's own reply already says).
    /// </summary>
    public static async Task<string> EvaluateAsync(IDependencyEvaluator evaluator, CommandContext context, long programId, long dependencyId)
    {
        var changes = await evaluator.EvaluateAsync(context.Session, programId, context.CancellationToken);
        return changes.LastOrDefault(c => c.DependencyId == dependencyId) is { ToState: DependencyState.AtRisk or DependencyState.Slipped or DependencyState.OnTime } change
            ? $" It is now {InlineMarkup.Bold(StateText(change.ToState))} ({Names.Plain(change.Reason)})."
            : string.Empty;
    }

    public static void EnsureOpen(Dependency dependency)
    {
        if (dependency.State is DependencyState.Delivered or DependencyState.Dropped)
        {
            throw new CommandInputException($"Dependency #{dependency.Id} is already {StateText(dependency.State)}.");
        }
    }

    public static string StateText(DependencyState state) => state switch
    {
        DependencyState.OnTime => "on time",
        DependencyState.AtRisk => "at risk",
        DependencyState.Slipped => "slipped",
        DependencyState.Delivered => "delivered",
        _ => "dropped",
    };
}
