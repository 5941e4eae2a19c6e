using Dapper;
using StatusBot.Core.Storage;

namespace StatusBot.Testing;

/// <summary>
/// Base of every test that runs against a real, migrated store: each runs once on SQLite and once on
/// PostgreSQL (<see cref="Stores"/>), and works through committed sessions as the product does.
/// </summary>
public abstract class StoreTest
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static async Task<T> InSession<T>(TestDatabase db, Func<IStoreSession, Task<T>> work)
    {
        await using var session = await db.Store.BeginAsync(Ct);
        var result = await work(session);
        await session.CommitAsync(Ct);
        return result;
    }

    protected static Task InSession(TestDatabase db, Func<IStoreSession, Task> work) =>
        InSession(db, async session =>
        {
            await work(session);
            return true;
        });

    /// <summary>The outbox rows as (destination address, dedup key), in insertion order: what users would receive.</summary>
    protected static async Task<IReadOnlyList<(string Address, string DedupKey)>> OutboxAsync(TestDatabase db)
    {
        await using var connection = await db.Dialect.OpenAsync(Ct);
        var rows = await connection.QueryAsync<(string, string)>(
            new CommandDefinition("select destination_address, dedup_key from outbox order by id", cancellationToken: Ct));
        return rows.AsList();
    }
}
