using Xunit;

namespace StatusBot.Testing;

/// <summary>The stores every store test runs on (Bitwarden's DatabaseDataAttribute idea).</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

public static class StoreKinds
{
    /// <summary>Theory data: run the test once per store.</summary>
    public static TheoryData<StoreKind> All => new(StoreKind.Sqlite, StoreKind.Postgres);
}
