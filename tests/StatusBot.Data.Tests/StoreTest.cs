using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Data.Tests;

/// <summary>Opens a migrated test database and runs a unit of work in one committed session.</summary>
public abstract class StoreTest
{
    /// <summary>Every store test runs once on SQLite and once on PostgreSQL.</summary>
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
}
