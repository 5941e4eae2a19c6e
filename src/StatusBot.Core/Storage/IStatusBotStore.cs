namespace StatusBot.Core.Storage;

/// <summary>
/// The port to persistence. Every unit of work is one <see cref="IStoreSession"/>: one connection and one
/// transaction, so a state change and the outbox rows it causes commit together or not at all.
/// </summary>
public interface IStatusBotStore
{
    /// <summary>Begins a transaction; dispose without <see cref="IStoreSession.CommitAsync"/> to roll back.</summary>
    Task<IStoreSession> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A session for a unit of work that is correct whether its statements commit together or one by one (each one atomic
    /// by itself): on PostgreSQL each statement commits on its own, with no BEGIN and COMMIT round trips around it (the
    /// outbox's records of deliveries, one statement for many messages); where a transaction costs no round trips (SQLite, in
    /// process) it is one transaction as <see cref="BeginAsync"/> gives. Commit it as any session.
    /// </summary>
    Task<IStoreSession> OpenAutoCommitAsync(CancellationToken cancellationToken);
}
