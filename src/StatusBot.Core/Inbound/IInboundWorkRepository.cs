namespace StatusBot.Core.Inbound;

/// <summary>The inbound-work table. Add inside the request, commit, then acknowledge the platform.</summary>
public interface IInboundWorkRepository
{
    /// <summary>Stores the work unless a row with the same <see cref="InboundWork.DedupKey"/> exists; returns its id, or null for a repeat.</summary>
    Task<long?> AddAsync(InboundWork work, CancellationToken cancellationToken);

    Task<InboundWork?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> due pending rows to <paramref name="workerId"/> until <paramref name="now"/> + <paramref name="lease"/>,
    /// counting a run on each. Rows whose lease expired (the worker died) are due again. Commit right after.
    /// </summary>
    Task<IReadOnlyList<InboundWork>> ClaimDueAsync(string workerId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Leases the one row <paramref name="id"/> to <paramref name="workerId"/> (counting a run) when it is pending and not
    /// leased by a live worker: for work a platform needs answered inside its request (a Teams card action). False otherwise.
    /// </summary>
    Task<bool> ClaimAsync(long id, string workerId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks the row done, if this worker still holds it; false otherwise (then commit nothing of the run's results).</summary>
    Task<bool> MarkDoneAsync(long id, string workerId, DateTimeOffset doneAt, CancellationToken cancellationToken);

    /// <summary>Releases the lease and makes the row due again at <paramref name="nextAttemptAt"/>, keeping the error.</summary>
    Task<bool> RescheduleAsync(long id, string workerId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>Gives the row back unrun (shutdown): due at once for any worker, and the run is not counted.</summary>
    Task<bool> ReleaseAsync(long id, string workerId, CancellationToken cancellationToken);

    /// <summary>A poison row: state Failed with the error; it stays for an operator and is never retried by itself.</summary>
    Task<bool> MarkFailedAsync(long id, string workerId, string error, CancellationToken cancellationToken);

    /// <summary>Deletes done rows finished before <paramref name="cutoff"/>; their dedup keys are forgotten with them.</summary>
    Task<int> PruneDoneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    Task<int> CountAsync(InboundWorkState state, CancellationToken cancellationToken);
}
