using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using StatusBot.Data.Dialects;

namespace StatusBot.Data.Startup;

/// <summary>Rejects a storage configuration at start with a message that names the key and what is wrong.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!Enum.TryParse<StorageProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider)
            || int.TryParse(options.Provider, out _))
        {
            return ValidateOptionsResult.Fail(
                $"Storage:Provider: '{options.Provider}' is not supported; use 'Sqlite' (embedded default) or 'Postgres'.");
        }

        const string key = "ConnectionStrings:StatusBot";
        if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return ValidateOptionsResult.Fail(
                    $"{key}: required when Storage:Provider is Postgres, e.g. 'Host=127.0.0.1;Port=5432;Database=statusbot;Username=statusbot;Password=…'.");
            }

            if (PostgresProblem(options.ConnectionString) is { } problem)
            {
                return ValidateOptionsResult.Fail($"{key}: {problem}");
            }
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.EffectiveConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    return ValidateOptionsResult.Fail($"{key}: the SQLite connection string names no Data Source file.");
                }
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
            {
                return ValidateOptionsResult.Fail($"{key}: not a valid SQLite connection string ({exception.Message}).");
            }
        }

        return ValidateOptionsResult.Success;
    }

    // A method of its own, never inlined: compiling Validate then does not load Npgsql on the embedded default.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? PostgresProblem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "the PostgreSQL connection string names no Host." : null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"not a valid PostgreSQL connection string ({exception.Message}).";
        }
    }
}
