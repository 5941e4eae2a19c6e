namespace StatusBot.Data;

/// <summary>
/// Names are unique case-insensitively. The folded key is computed here, not with SQL's <c>lower()</c>,
/// because PostgreSQL and SQLite fold non-ASCII letters differently.
/// </summary>
internal static class NameKey
{
    public static string Of(string name) => name.Trim().ToUpperInvariant();
}
