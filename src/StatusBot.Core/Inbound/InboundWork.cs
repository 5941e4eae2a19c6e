namespace StatusBot.Core.Inbound;

/// <summary>
/// One inbound answer or action, stored before the platform is acknowledged and performed afterwards by the inbound
/// worker (see README.md beside this file). <see cref="Kind"/> picks the <see cref="IInboundWorkHandler"/> (e.g.
/// <c>slack.dm</c>); <see cref="Payload"/> is what that handler needs, as JSON the adapter chose.
/// </summary>
public sealed record InboundWork
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Payload { get; init; }

    /// <summary>The platform's id of the request (e.g. <c>slack:event:Ev123</c>) so its retries are stored once; null when it has none.</summary>
    public string? DedupKey { get; init; }

    public InboundWorkState State { get; init; } = InboundWorkState.Pending;

    /// <summary>Runs started (a row handed back unrun at shutdown does not count).</summary>
    public int Attempts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public string? LastError { get; init; }
}

public enum InboundWorkState
{
    Pending,
    Done,

    /// <summary>Failed <see cref="InboundWorkSettings.MaxAttempts"/> times: kept, logged and counted, never retried by itself.</summary>
    Failed,
}
