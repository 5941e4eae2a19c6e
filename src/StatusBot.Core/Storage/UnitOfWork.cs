namespace StatusBot.Core.Storage;

/// <summary>
/// Runs a unit of work in its own session and commits it, running it again from the start when it lost a race
/// (<see cref="ConcurrencyConflictException"/>): the work re-reads and re-decides, so a command refused on the second
/// run ("already delivered") is refused for what is now true, and a change is never written over one it did not see.
/// </summary>
public static class UnitOfWork
{
    /// <summary>
    /// A loser of a race retries after the winner committed (its conditional write waited for the winner), so each round
    /// lets at least one of the racers through: this many attempts outlast that many writers on one row.
    /// </summary>
    public const int MaxAttempts = 10;

    public static async Task<T> RunAsync<T>(this IStatusBotStore store, Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await store.BeginAsync(cancellationToken);
                var result = await work(session);
                await session.CommitAsync(cancellationToken);
                return result;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // The session is rolled back; run the whole unit of work again on fresh reads.
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> again while it lost a race; for work that opens and commits its own session(s).
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Nothing was committed by the losing attempt; it reads again.
            }
        }
    }
}
