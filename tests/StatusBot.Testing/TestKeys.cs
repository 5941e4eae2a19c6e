namespace StatusBot.Testing;

/// <summary>Keys every instance of a test host shares, as production instances must (PostgreSQL hosts refuse to start without them).</summary>
public static class TestKeys
{
    /// <summary><c>Dashboard:SigningKey</c> for test hosts.</summary>
    public const string DashboardSigningKey = "test-dashboard-signing-key-0123456789abcdef";
}
