using System.Data.Common;
using StatusBot.Core.Storage;
using StatusBot.Data.Dialects;

namespace StatusBot.Data;

/// <summary>The Dapper implementation of the store port, for either dialect.</summary>
public sealed class DapperStore : IStatusBotStore
{
    private readonly SqlDialect _dialect;

    public DapperStore(SqlDialect dialect)
    {
        DapperTypeHandlers.Register();
        _dialect = dialect;
    }

    public SqlDialect Dialect => _dialect;

    public async Task<IStoreSession> BeginAsync(CancellationToken cancellationToken)
    {
        var activity = StoreTelemetry.Start(_dialect);
        DbConnection? connection = null;
        try
        {
            connection = await _dialect.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new DapperStoreSession(_dialect, connection, transaction, activity);
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
