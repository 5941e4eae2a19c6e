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
/// use of its queries) competed with the scheduler's sync, and their write transactions made it wait for SQLite's write
/// lock; they now start right after it, so the sync runs alone and a message due at start leaves a moment later. (It did
/// not change the CPU the host needs to be ready: tests/StatusBot.Benchmarks/README.md, "lean5".)
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
