using StatusBot.Core.Audit;

namespace StatusBot.Core.Commands;

/// <summary>
/// Writes a successful command's audit entries into its own session just before the commit, so the entries and the
/// change commit together (a refused or failed command rolls both back): one entry per value the verb reported
/// changing, or one entry with the command as typed when it reported none. Read-only verbs write nothing.
/// </summary>
internal static class AuditTrail
{
    /// <summary>Typed text is kept whole up to here; a longer command is cut (the change itself is stored in full).</summary>
    private const int MaxSubjectLength = 300;

    public static async Task RecordAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Verb.ReadOnly)
        {
            return;
        }

        var changes = context.AuditedChanges.Count > 0
            ? context.AuditedChanges
            : [new AuditedChange(Typed(context.Request.Text), null, null)];
        foreach (var change in changes)
        {
            await context.Session.Audit.AddAsync(
                new AuditEntry
                {
                    WorkspaceId = context.WorkspaceId,
                    ProgramId = context.ProgramId,
                    ActorPersonId = context.Caller.Id,
                    Action = context.Verb.Name,
                    Subject = change.Subject,
                    Before = change.Before,
                    After = change.After,
                    At = context.Now,
                },
                cancellationToken);
        }
    }

    private static string Typed(string? text)
    {
        var typed = (text ?? string.Empty).Trim();
        return typed.Length <= MaxSubjectLength ? typed : string.Concat(typed.AsSpan(0, MaxSubjectLength), "…");
    }
}
