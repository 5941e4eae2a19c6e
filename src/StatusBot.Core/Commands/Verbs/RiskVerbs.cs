using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.Risks;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>The optional parts of <c>risk add</c> and <c>risk update</c>, in any order.</summary>
internal sealed record RiskOptions(string? Title, int? Probability, int? Impact, Token? Owner, string? Mitigation, string? Program)
{
    public static RiskOptions Read(ArgumentReader arguments, bool allowProgram)
    {
        var options = new RiskOptions(null, null, null, null, null, null);
        while (arguments.Peek() is { } token)
        {
            var lower = token.Text.ToLowerInvariant();
            options = token switch
            {
                { Kind: TokenKind.Quoted } when options.Title is null => options with { Title = arguments.Text("risk title", 200) },
                { Kind: TokenKind.Word } when lower.StartsWith('p') && lower.Length == 2 && options.Probability is null => options with { Probability = arguments.Rating('p', "probability (p1–p5)") },
                { Kind: TokenKind.Word } when lower.StartsWith('i') && lower.Length == 2 && options.Impact is null => options with { Impact = arguments.Rating('i', "impact (i1–i5)") },
                _ when token.Is("owner") && options.Owner is null => options with { Owner = Skip(arguments).Person("the owner") },
                _ when token.Is("mitigation") && options.Mitigation is null => options with { Mitigation = Skip(arguments).Text("mitigation (in quotes)", 500) },
                _ when token.Is("in") && allowProgram && options.Program is null => options with { Program = Skip(arguments).Name("program") },
                _ => Unexpected(arguments, options),
            };
        }

        return options;
    }

    /// <summary>Reports the unexpected token with a "did you mean" for a misspelled option word.</summary>
    private static RiskOptions Unexpected(ArgumentReader arguments, RiskOptions options)
    {
        arguments.End();
        return options;
    }

    private static ArgumentReader Skip(ArgumentReader arguments)
    {
        arguments.Next("keyword");
        return arguments;
    }
}

/// <summary><c>risk add "&lt;title&gt;" p&lt;1-5&gt; i&lt;1-5&gt; [owner @p] [mitigation "…"] [in &lt;program&gt;]</c>.</summary>
public sealed class RiskAddVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var options = RiskOptions.Read(arguments, allowProgram: true);
        if (options.Title is null || options.Probability is null || options.Impact is null)
        {
            throw new CommandInputException($"A risk needs {(options.Title is null ? "a \"title\" in quotes, " : string.Empty)}a probability p1–p5 and an impact i1–i5.");
        }

        var program = await context.Find.ProgramOrDefaultAsync(options.Program);
        await context.Access.RequireAsync(program);
        var owner = options.Owner is null ? null : await context.Find.PersonAsync(options.Owner, register: true);
        var risk = await context.Session.Risks.AddAsync(
            new Risk
            {
                ProgramId = program.Id,
                Title = options.Title,
                Probability = options.Probability.Value,
                Impact = options.Impact.Value,
                OwnerPersonId = owner?.Id,
                Mitigation = options.Mitigation,
                CreatedAt = context.Now,
            },
            context.CancellationToken);
        return CommandReplies.Done($"Risk #{risk.Id} in {InlineMarkup.Bold(program.Name)}: \"{Names.Plain(risk.Title)}\", score {InlineMarkup.Bold(risk.Score.ToString(System.Globalization.CultureInfo.InvariantCulture))} (p{risk.Probability} × i{risk.Impact}){(owner is null ? string.Empty : $", owner {InlineMarkup.Mention(owner.Identity, owner.DisplayName)}")}.");
    }
}

/// <summary><c>risk update &lt;id&gt; …</c>: any of title, ratings, owner, mitigation.</summary>
public sealed class RiskUpdateVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (risk, program) = await context.Find.RiskAsync(arguments.Id("risk id"));
        var options = RiskOptions.Read(arguments, allowProgram: false);
        if (options == new RiskOptions(null, null, null, null, null, null))
        {
            throw new CommandInputException("Say what to change: a \"title\", p1–p5, i1–i5, owner @person or mitigation \"…\".");
        }

        await context.Access.RequireAsync(program);
        if (risk.State == RiskState.Closed)
        {
            throw new CommandInputException($"Risk #{risk.Id} is closed.");
        }

        var owner = options.Owner is null ? null : await context.Find.PersonAsync(options.Owner, register: true);
        var updated = risk with
        {
            Title = options.Title ?? risk.Title,
            Probability = options.Probability ?? risk.Probability,
            Impact = options.Impact ?? risk.Impact,
            OwnerPersonId = owner?.Id ?? risk.OwnerPersonId,
            Mitigation = options.Mitigation ?? risk.Mitigation,
        };
        await context.Session.Risks.UpdateAsync(updated, context.CancellationToken);
        await AuditChangesAsync(context, risk, updated);
        return CommandReplies.Done($"Risk #{risk.Id} \"{Names.Plain(updated.Title)}\" updated: score {updated.Score} (was {risk.Score}).");
    }

    private static async Task AuditChangesAsync(CommandContext context, Risk before, Risk after)
    {
        if ((before.Probability, before.Impact) != (after.Probability, after.Impact))
        {
            context.Audit($"risk #{before.Id} rating", $"p{before.Probability} × i{before.Impact} = {before.Score}", $"p{after.Probability} × i{after.Impact} = {after.Score}");
        }

        if (before.Title != after.Title)
        {
            context.Audit($"risk #{before.Id} title", before.Title, after.Title);
        }

        if (before.OwnerPersonId != after.OwnerPersonId)
        {
            context.Audit($"risk #{before.Id} owner", await OwnerNameAsync(context, before.OwnerPersonId), await OwnerNameAsync(context, after.OwnerPersonId));
        }

        if (before.Mitigation != after.Mitigation)
        {
            context.Audit($"risk #{before.Id} mitigation", before.Mitigation, after.Mitigation);
        }
    }

    private static async Task<string?> OwnerNameAsync(CommandContext context, long? personId) =>
        personId is { } id && await context.Session.People.GetAsync(id, context.CancellationToken) is { } person ? person.DisplayName : null;
}

/// <summary><c>risk close &lt;id&gt;</c>.</summary>
public sealed class RiskCloseVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (risk, program) = await context.Find.RiskAsync(arguments.Id("risk id"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (risk.State == RiskState.Closed)
        {
            throw new CommandInputException($"Risk #{risk.Id} is already closed.");
        }

        await context.Session.Risks.UpdateAsync(risk with { State = RiskState.Closed, ClosedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"Closed risk #{risk.Id} \"{Names.Plain(risk.Title)}\".");
    }
}

/// <summary><c>risk list [program]</c>: open risks, highest score first.</summary>
public sealed class RiskListVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramOrDefaultAsync(arguments.AtEnd ? null : arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var lines = new List<string>();
        foreach (var risk in (await context.Session.Risks.ListAsync(program.Id, context.CancellationToken)).Where(r => r.State == RiskState.Open).OrderByDescending(r => r.Score).ThenBy(r => r.Id))
        {
            var owner = risk.OwnerPersonId is { } id ? $" · owner {await context.Find.MentionAsync(id)}" : string.Empty;
            var mitigation = risk.Mitigation is { } m ? $" · mitigation: {Names.Plain(m)}" : string.Empty;
            lines.Add($"#{risk.Id} {InlineMarkup.Bold(risk.Score.ToString(System.Globalization.CultureInfo.InvariantCulture))} \"{Names.Plain(risk.Title)}\" (p{risk.Probability} × i{risk.Impact}){owner}{mitigation}");
        }

        return CommandReplies.List($"Risks — {program.Name}", lines, "No open risks.");
    }
}
