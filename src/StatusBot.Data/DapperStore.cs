using System.Data.Common;
using StatusBot.Core.Delivery;
using StatusBot.Core.Storage;
using StatusBot.Data.Dialects;

namespace StatusBot.Data;

/// <summary>The Dapper implementation of the store port, for either dialect.</summary>
public sealed class DapperStore : IStatusBotStore
{
    private readonly SqlDialect _dialect;
    private readonly OutboxSignal? _outboxSignal;

    /// <param name="outboxSignal">Raised after each commit that queued outbox rows, so the lanes send them at once; none: they find them at their next look.</param>
    public DapperStore(SqlDialect dialect, OutboxSignal? outboxSignal = null)
    {
        DapperTypeHandlers.Register();
        _dialect = dialect;
        _outboxSignal = outboxSignal;
    }

    public SqlDialect Dialect => _dialect;

    public Task<IStoreSession> BeginAsync(CancellationToken cancellationToken) => OpenAsync(transaction: true, cancellationToken);

    // SQLite writers are serialized in process: one transaction for the unit of work is cheaper than one per statement.
    public Task<IStoreSession> OpenAutoCommitAsync(CancellationToken cancellationToken) =>
        OpenAsync(transaction: _dialect.Provider != StorageProvider.Postgres, cancellationToken);

    private async Task<IStoreSession> OpenAsync(bool transaction, CancellationToken cancellationToken)
    {
        var activity = StoreTelemetry.Start(_dialect);
        DbConnection? connection = null;
        try
        {
            connection = await _dialect.OpenAsync(cancellationToken);
            return new DapperStoreSession(_dialect, connection, transaction ? await connection.BeginTransactionAsync(cancellationToken) : null, activity, _outboxSignal);
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            StoreTelemetry.Fail(activity, exception);
            throw;
        }
    }
}
