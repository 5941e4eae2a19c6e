using System.Runtime.CompilerServices;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Logging;
using Npgsql;
using StatusBot.Data.Dialects;
using StatusBot.Data.Migrations;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// This instance's Hangfire storage. PostgreSQL: Hangfire's tables in their own schema (see
/// <see cref="SchedulingOptions.HangfireSchema"/>), shared by every instance, created by <see cref="HangfireSchemaStep"/>
/// under the store's migration lock, never by Hangfire itself at start (three instances starting together would race on it).
/// SQLite: an in-memory storage for the one process; the schedule is rebuilt from the bot's tables at every start.
/// </summary>
public static class HangfireStorageFactory
{
    public static JobStorage Create(bool postgres, string connectionString, SchedulingOptions options)
    {
        if (!postgres)
        {
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        }

        return CreatePostgres(connectionString, options);
    }

    // A method of its own, never inlined and typed JobStorage: the embedded default then loads neither Hangfire.PostgreSql
    // nor Npgsql (about 2 MiB of resident memory and their start-up JIT), as compiling Create would (a PostgreSqlStorage
    // in the signature is enough to load the assembly).
    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The base type keeps Hangfire.PostgreSql out of callers' signatures.")]
    private static JobStorage CreatePostgres(string connectionString, SchedulingOptions options) =>
        new PostgreSqlStorage(new PostgresConnectionFactory(connectionString), PostgresOptions(connectionString, options));

    public static PostgreSqlStorageOptions PostgresOptions(string connectionString, SchedulingOptions options) => new()
    {
        SchemaName = options.HangfireSchema(connectionString),
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = options.QueuePollInterval,
        InvisibilityTimeout = options.InvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,

        // A job queued by one instance wakes the idle workers of every instance (LISTEN/NOTIFY) instead of waiting
        // for their next queue poll.
        EnableLongPolling = true,
        DistributedLockTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Hangfire's connections: from one pool per storage, with the bot's own connection string. Created on first use, so
    /// a wrong connection string is reported by the storage validator at start, not thrown while the app is built.
    /// Its statements are prepared as the bot's are: a job and the plans it makes run dozens of them (plans, job
    /// creation, state changes, locks; a per-team slot job ran about 90), and parsing and planning each anew cost
    /// PostgreSQL more than running them.
    /// </summary>
    private sealed class PostgresConnectionFactory(string connectionString) : IConnectionFactory
    {
        private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => PostgresDataSources.Create(connectionString, resetOnClose: true));

        public NpgsqlConnection GetOrCreateConnection() => _dataSource.Value.OpenConnection();
    }
}

/// <summary>Creates or upgrades Hangfire's PostgreSQL schema, once per start, while the store's migration lock is held.</summary>
public sealed class HangfireSchemaStep(string connectionString, string schema, ILogger<HangfireSchemaStep> logger) : IMigrationStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, schema);
        logger.LogInformation("Scheduler schema {Schema} is up to date", schema);
    }
}

/// <summary>
/// Hangfire logs through one process-wide provider; this one hands every message to the logger factory of the most
/// recently started scheduler that is still running (in production the only one), so a stopped host's disposed
/// factory is never used by the next one (tests run several hosts in one process).
/// </summary>
public sealed class HangfireLogBridge : Hangfire.Logging.ILogProvider
{
    private static readonly List<ILoggerFactory> Live = [];

    public static readonly HangfireLogBridge Instance = new();

    private HangfireLogBridge()
    {
    }

    public static IDisposable Attach(ILoggerFactory factory)
    {
        lock (Live)
        {
            Live.Add(factory);
        }

        Hangfire.Logging.LogProvider.SetCurrentLogProvider(Instance);
        return new Detach(factory);
    }

    public Hangfire.Logging.ILog GetLogger(string name) => new ForwardingLog(name);

    private static ILogger? Current(string name)
    {
        lock (Live)
        {
            for (var i = Live.Count - 1; i >= 0; i--)
            {
                try
                {
                    return Live[i].CreateLogger(name);
                }
                catch (ObjectDisposedException)
                {
                    Live.RemoveAt(i);
                }
            }
        }

        return null;
    }

    private sealed class Detach(ILoggerFactory factory) : IDisposable
    {
        public void Dispose()
        {
            lock (Live)
            {
                Live.Remove(factory);
            }
        }
    }

    private sealed class ForwardingLog(string name) : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (Current(name) is not { } logger)
            {
                return false;
            }

            var level = logLevel switch
            {
                Hangfire.Logging.LogLevel.Trace => LogLevel.Trace,
                Hangfire.Logging.LogLevel.Debug => LogLevel.Debug,
                Hangfire.Logging.LogLevel.Info => LogLevel.Information,
                Hangfire.Logging.LogLevel.Warn => LogLevel.Warning,
                Hangfire.Logging.LogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            logger.Log(level, exception, "{Message}", messageFunc());
            return true;
        }
    }
}
