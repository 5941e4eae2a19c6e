namespace StatusBot.Core.Storage;

/// <summary>
/// The port to persistence. Every unit of work is one <see cref="IStoreSession"/>: one connection and one
/// transaction, so a state change and the outbox rows it causes commit together or not at all.
/// </summary>
public interface IStatusBotStore
{
    /// <summary>Begins a transaction; dispose without <see cref="IStoreSession.CommitAsync"/> to roll back.</summary>
    Task<IStoreSession> BeginAsync(CancellationToken cancellationToken);
}
