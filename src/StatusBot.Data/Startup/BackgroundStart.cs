namespace StatusBot.Data.Startup;

/// <summary>
/// A start-up step the background workers let finish before their first pass (the embedded store's first scheduler
/// sync), so that what makes the host ready is not slowed by work that can wait a moment.
/// </summary>
public interface IStartupStep
{
    /// <summary>Completes when the step's first attempt is over, successful or not (a failing step retries on its own).</summary>
    Task FirstAttempt { get; }
}

/// <summary>
/// When the background workers (outbox lanes, inbound work, dependency notices) take their first pass: once the store is
/// ready and every <see cref="IStartupStep"/> has made its first attempt. On 2 cores their first passes (each a first
/// use of its queries) competed with the scheduler's sync and the first <c>/readyz</c>, and their write transactions
/// made the sync wait for the write lock; they now start right after, so a message due at start leaves a few
/// milliseconds later and the host is ready sooner.
/// </summary>
public sealed class BackgroundStart(StoreReadiness store, IEnumerable<IStartupStep> steps)
{
    /// <summary>Completes when the workers may start; cancelled with <paramref name="cancellationToken"/>.</summary>
    public async Task WhenOpenAsync(CancellationToken cancellationToken)
    {
        await store.WhenReadyAsync(cancellationToken);
        foreach (var step in steps)
        {
            await step.FirstAttempt.WaitAsync(cancellationToken);
        }
    }
}
