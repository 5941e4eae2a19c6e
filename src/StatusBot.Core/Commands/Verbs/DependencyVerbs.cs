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
        var milestoneReference = arguments.TryKeyword("for") ? arguments.Name("milestone (name or id)") : null;
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

        if (needBy < await LocalToday.OfTeamAsync(context, consumer))
        {
            throw new CommandInputException($"The need-by date {Names.Iso(needBy)} is in the past for {InlineMarkup.Bold(consumer.Name)}.");
        }

        await context.Access.RequireAsync(program);
        var milestone = milestoneReference is null ? null : await context.Find.MilestoneOfAsync(program, milestoneReference);
        if (milestone is not null)
        {
            MilestoneRules.EnsureOpen(milestone);
        }

        var dependency = await context.Session.Dependencies.AddAsync(
            new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = consumer.Id,
                ProviderTeamId = provider.Id,
                What = what,
                NeedBy = needBy,
                MilestoneId = milestone?.Id,
                CreatedByPersonId = context.Caller.Id,
                CreatedAt = context.Now,
            },
            context.CancellationToken);
        var stateNote = await DepRules.EvaluateAsync(evaluator, context, program.Id, dependency.Id);
        return CommandReplies.Done($"Dependency #{dependency.Id}: {InlineMarkup.Bold(consumer.Name)} needs \"{Names.Plain(what)}\" from {InlineMarkup.Bold(provider.Name)} by {Names.Iso(needBy)}{(milestone is null ? string.Empty : $" for milestone {InlineMarkup.Bold(Names.Plain(milestone.Name))}")}.{stateNote}");
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
        if (eta < (provider is null ? context.Today : await LocalToday.OfTeamAsync(context, provider)))
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
        context.Audit($"dependency #{dependency.Id} ETA", dependency.Eta is { } was ? Names.Iso(was) : null, Names.Iso(eta));
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
        var milestones = (await context.Session.Milestones.ListAsync(program.Id, context.CancellationToken)).ToDictionary(m => m.Id, m => m.Name);
        var waitsOn = (await context.Session.Dependencies.ListLinksAsync(program.Id, context.CancellationToken)).ToLookup(l => l.DownstreamId, l => l.UpstreamId);
        foreach (var dep in await context.Session.Dependencies.ListAsync(program.Id, context.CancellationToken))
        {
            if (dep.State is DependencyState.Delivered or DependencyState.Dropped || (team is not null && dep.ConsumerTeamId != team.Id && dep.ProviderTeamId != team.Id))
            {
                continue;
            }

            var eta = dep.Eta is { } e ? $" · ETA {Names.Iso(e)}" : string.Empty;
            var serves = dep.MilestoneId is { } m && milestones.TryGetValue(m, out var milestone) ? $" · for {Names.Plain(milestone)}" : string.Empty;
            var waits = waitsOn[dep.Id].ToList() is { Count: > 0 } upstream ? $" · waits on {string.Join(", ", upstream.Select(id => $"#{id}"))}" : string.Empty;
            lines.Add($"#{dep.Id} {InlineMarkup.Bold(await context.Find.TeamNameAsync(dep.ConsumerTeamId))} needs \"{Names.Plain(dep.What)}\" from {InlineMarkup.Bold(await context.Find.TeamNameAsync(dep.ProviderTeamId))} by {Names.Iso(dep.NeedBy)}{eta} · {DepRules.StateText(dep.State)}{serves}{waits}");
        }

        return CommandReplies.List($"Dependencies — {team?.Name ?? program.Name}", lines, "No open dependencies.");
    }
}

/// <summary>
/// <c>dep waits &lt;id&gt; on &lt;id&gt;</c>: the first cannot start before the second is delivered, an edge from the second to
/// the first in the graph. One delivery may feed several and wait on several; a link that would close a cycle is refused
/// with the cycle named.
/// </summary>
public sealed class DepWaitsVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (downstream, program) = await context.Find.DependencyAsync(arguments.Id("dependency id (the one that waits)"));
        arguments.Keyword("on", "before the dependency it waits on");
        var (upstream, upstreamProgram) = await context.Find.DependencyAsync(arguments.Id("dependency id (the one waited on)"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (upstreamProgram.Id != program.Id)
        {
            throw new CommandInputException($"#{downstream.Id} is in {InlineMarkup.Bold(program.Name)} and #{upstream.Id} in {InlineMarkup.Bold(upstreamProgram.Name)}; a chain links dependencies of one program.");
        }

        if (upstream.Id == downstream.Id)
        {
            throw new CommandInputException("A dependency cannot wait on itself.");
        }

        DepRules.EnsureOpen(downstream);
        if (upstream.State == DependencyState.Dropped)
        {
            throw new CommandInputException($"Dependency #{upstream.Id} was dropped; nothing can wait on it.");
        }

        try
        {
            await DependencyLinkGuard.EnsureCanFeedAsync(context.Session, upstream.Id, downstream.Id, context.CancellationToken);
        }
        catch (DependencyCycleException cycle)
        {
            throw new CommandInputException($"#{downstream.Id} cannot wait on #{upstream.Id}: that would make a cycle, {Names.Plain(cycle.Cycle)}. A delivery cannot wait on itself, even through others.");
        }

        var link = new DependencyLink { UpstreamId = upstream.Id, DownstreamId = downstream.Id, CreatedByPersonId = context.Caller.Id, CreatedAt = context.Now };
        if (!await context.Session.Dependencies.AddLinkAsync(link, context.CancellationToken))
        {
            throw new CommandInputException($"#{downstream.Id} already waits on #{upstream.Id}.");
        }

        var graph = await ProgramGraph.LoadAsync(context, program);
        var impact = graph?.Impact(NodeRef.Dependency(upstream.Id)) is { Nodes.Count: > 0 } late ? $" Downstream of #{upstream.Id} now: {Names.Plain(DependencyStateMessage.DescribeImpact(late))}." : string.Empty;
        return CommandReplies.Done($"#{downstream.Id} \"{Names.Plain(downstream.What)}\" ({InlineMarkup.Bold(await context.Find.TeamNameAsync(downstream.ProviderTeamId))}) now waits on #{upstream.Id} \"{Names.Plain(upstream.What)}\" ({InlineMarkup.Bold(await context.Find.TeamNameAsync(upstream.ProviderTeamId))}).{impact}");
    }
}

/// <summary><c>dep for &lt;id&gt; &lt;milestone&gt;</c>: the milestone a dependency serves (one per dependency; a new one replaces it).</summary>
public sealed class DepForVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (dependency, program) = await context.Find.DependencyAsync(arguments.Id("dependency id"));
        var reference = arguments.Name("milestone (name or id)");
        arguments.End();
        await context.Access.RequireAsync(program);
        DepRules.EnsureOpen(dependency);
        var milestone = await context.Find.MilestoneOfAsync(program, reference);
        MilestoneRules.EnsureOpen(milestone);
        if (dependency.MilestoneId == milestone.Id)
        {
            throw new CommandInputException($"Dependency #{dependency.Id} already serves {InlineMarkup.Bold(Names.Plain(milestone.Name))}.");
        }

        var previous = dependency.MilestoneId is { } old ? await context.Session.Milestones.GetAsync(old, context.CancellationToken) : null;
        await context.Session.Dependencies.UpdateAsync(dependency with { MilestoneId = milestone.Id }, context.CancellationToken);
        var instead = previous is null ? string.Empty : $" (instead of {InlineMarkup.Bold(Names.Plain(previous.Name))})";
        return CommandReplies.Done($"Dependency #{dependency.Id} \"{Names.Plain(dependency.What)}\" serves milestone #{milestone.Id} {InlineMarkup.Bold(Names.Plain(milestone.Name))}, due {Names.Iso(milestone.DueDate)}{instead}.");
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
            ? $" It is now {InlineMarkup.Bold(StateText(change.ToState))}{(change.Reason == StateText(change.ToState) ? string.Empty : $" ({Names.Plain(change.Reason)})")}."
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
