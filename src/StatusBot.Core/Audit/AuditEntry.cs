namespace StatusBot.Core.Audit;

/// <summary>
/// One change a person made, stored in the same transaction as the change: who (<see cref="ActorPersonId"/>; a
/// forgotten person's row is anonymised, so their entries are too), what (<see cref="Action"/>, the verb, and
/// <see cref="Subject"/>), when, and the value before and after where one value changed.
/// </summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>The program the change belongs to; null for workspace-wide changes (a program created, leave).</summary>
    public long? ProgramId { get; init; }
    public required long ActorPersonId { get; init; }

    /// <summary>The command verb (<c>dep eta</c>) or form that made the change.</summary>
    public required string Action { get; init; }

    /// <summary>What changed (<c>dependency #12 ETA</c>), or the command as typed when the verb names no single value.</summary>
    public required string Subject { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public required DateTimeOffset At { get; init; }
}

public interface IAuditRepository
{
    Task AddAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first: of one program, or of the whole workspace when <paramref name="programId"/> is null.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string workspaceId, long? programId, DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}
