namespace StatusBot.Data.Dialects;

/// <summary>Where StatusBot keeps its data: <see cref="Sqlite"/> (embedded default) or <see cref="Postgres"/>.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}
