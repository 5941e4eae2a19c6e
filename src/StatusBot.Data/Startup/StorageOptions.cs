using StatusBot.Data.Dialects;

namespace StatusBot.Data.Startup;

/// <summary>
/// Configuration section <c>Storage</c> plus <c>ConnectionStrings:StatusBot</c>.
/// The provider is kept as text so a wrong value is reported by the validator, not by the binder.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultSqliteConnectionString = "Data Source=./data/statusbot.db";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>From <c>ConnectionStrings:StatusBot</c>; optional for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public StorageProvider ParsedProvider =>
        Enum.TryParse<StorageProvider>(Provider, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Unknown storage provider {Provider}");

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && ParsedProvider == StorageProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? string.Empty;
}
