namespace StatusBot.Core.Storage;

/// <summary>
/// Commits the record of something already done (a message sent, inbound work performed), retrying a few times on any
/// failure (SQLite busy, a connection blip). Not cancellable: a record that does not land leaves its row leased until
/// the lease expires, and then the work runs a second time. Shared by the outbox and the inbound-work drainers.
/// </summary>
public static class OutcomeRecorder
{
    public const int Attempts = 6;

    public static Task RecordAsync(IStatusBotStore store, Func<IStoreSession, Task<bool>> work)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RecordAsync(store.BeginAsync, work);
    }

    /// <summary>
    /// As <see cref="RecordAsync(IStatusBotStore, Func{IStoreSession, Task{bool}})"/> in an auto-commit session
    /// (<see cref="IStatusBotStore.OpenAutoCommitAsync"/>), for a record whose statements are each atomic by themselves.
    /// </summary>
    public static Task RecordAutoCommitAsync(IStatusBotStore store, Func<IStoreSession, Task<bool>> work)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RecordAsync(store.OpenAutoCommitAsync, work);
    }

    private static async Task RecordAsync(Func<CancellationToken, Task<IStoreSession>> open, Func<IStoreSession, Task<bool>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await open(CancellationToken.None);
                await work(session);
                await session.CommitAsync(CancellationToken.None);
                return;
            }
            catch (Exception) when (attempt < Attempts)
            {
                // A real pause, not a clock read: it only spaces the retries out.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt * attempt), CancellationToken.None);
            }
        }
    }
}
