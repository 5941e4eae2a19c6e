using StatusBot.Core.Audit;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.Programs;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>audit [program] [since &lt;date&gt;]</c>: the latest changes, newest first, each with who, when (in the reader's
/// zone), what and the value before and after. Without a program an admin sees the whole workspace; anyone else their
/// program. The date is a day in the caller's zone.
/// </summary>
public sealed class AuditVerb : ICommandVerb
{
    /// <summary>A chat reply stays readable; older entries are reached with <c>since</c>.</summary>
    public const int MaxEntries = 30;

    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        string? programName = null;
        if (!arguments.AtEnd && !(arguments.Peek() is { } next && next.Is("since")))
        {
            programName = arguments.Name("program");
        }

        DateTimeOffset? since = null;
        DateOnly? sinceDay = null;
        if (arguments.TryKeyword("since"))
        {
            sinceDay = arguments.Date("date (YYYY-MM-DD)");
            var zone = CommandContext.ZoneOf(context.Caller.TimeZone);
            var midnight = sinceDay.Value.ToDateTime(TimeOnly.MinValue);
            since = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        }

        arguments.End();
        Program? program = null;
        if (programName is not null || !context.Access.CallerIsAdmin)
        {
            program = await context.Find.ProgramOrDefaultAsync(programName);
            await context.Access.RequireAsync(program);
        }
        else
        {
            await context.Access.RequireAdminAsync();
        }

        var entries = await context.Session.Audit.ListAsync(context.WorkspaceId, program?.Id, since, MaxEntries, context.CancellationToken);
        var programNames = new Dictionary<long, string>();
        var lines = new List<string>();
        foreach (var entry in entries)
        {
            var where = program is null && entry.ProgramId is { } id ? $"[{await ProgramNameAsync(context, programNames, id)}] " : string.Empty;
            lines.Add($"{InlineMarkup.Instant(entry.At, context.Caller.TimeZone)} · {await context.Find.MentionAsync(entry.ActorPersonId)} · {where}{InlineMarkup.Bold(entry.Action)} {Describe(entry)}");
        }

        var scope = program is null ? "the workspace" : program.Name;
        var period = sinceDay is { } day ? $" since {Names.Iso(day)}" : string.Empty;
        return CommandReplies.List($"Changes — {scope}{period}", lines, "No changes recorded.");
    }

    private static string Describe(AuditEntry entry) => (entry.Before, entry.After) switch
    {
        (null, null) => Names.Plain(entry.Subject),
        (null, { } after) => $"{Names.Plain(entry.Subject)}: (none) → {Names.Plain(after)}",
        ({ } before, null) => $"{Names.Plain(entry.Subject)}: {Names.Plain(before)} → (none)",
        ({ } before, { } after) => $"{Names.Plain(entry.Subject)}: {Names.Plain(before)} → {Names.Plain(after)}",
    };

    private static async Task<string> ProgramNameAsync(CommandContext context, Dictionary<long, string> cache, long programId)
    {
        if (!cache.TryGetValue(programId, out var name))
        {
            name = (await context.Session.Programs.GetAsync(programId, context.CancellationToken))?.Name ?? $"program {programId}";
            cache[programId] = name;
        }

        return name;
    }
}
