using Dapper;
using StatusBot.Core.Delivery;
using StatusBot.Data.Dialects;
using StatusBot.Data.Migrations;

namespace StatusBot.Data.Startup;

/// <summary>
/// A cheap, live look at the store for <c>/readyz</c> and the outbox gauges: can a connection be opened, is the schema at
/// the version this build needs, and how far behind is the outbox. Two indexed queries on one connection without a
/// transaction (a SQLite store session would take the write lock), answered from a cache for <see cref="CacheFor"/> so
/// probes and scrapes at any rate cost at most one round trip per interval.
/// </summary>
public sealed class StoreProbe(SqlDialect dialect, Migrator migrator, StoreReadiness readiness, TimeProvider time)
{
    /// <summary>How long one look is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>A probe that takes longer than this reports the store as not answering.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<StoreProbeResult>? _current;

    /// <summary>The latest look, taken now if the cached one is older than <see cref="CacheFor"/>; never throws.</summary>
    public Task<StoreProbeResult> GetAsync()
    {
        if (readiness.Problem is { } starting)
        {
            // Not migrated yet (or unreachable at start): the initializer's words, which it keeps current while it retries.
            // Never cached, so the host reads ready the moment the migration is done.
            return Task.FromResult(new StoreProbeResult(time.GetUtcNow(), starting, null));
        }

        lock (_gate)
        {
            if (_current is { } current && (!current.IsCompleted || time.GetUtcNow() - current.Result.At < CacheFor))
            {
                return current;
            }

            _current = ProbeAsync();
            return _current;
        }
    }

    private async Task<StoreProbeResult> ProbeAsync()
    {
        var at = time.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var connection = await dialect.OpenAsync(timeout.Token);
            var version = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select max(version) from schema_migrations", cancellationToken: timeout.Token)) ?? 0;
            var needed = migrator.Scripts.Count == 0 ? 0 : migrator.Scripts[^1].Version;
            if (version < needed)
            {
                return new StoreProbeResult(at, $"{dialect.Describe()} is at schema version {version}, this build needs {needed}: restart to migrate", null);
            }

            var backlog = await connection.QuerySingleAsync<OutboxBacklogRow>(new CommandDefinition(
                "select count(*) as pending, min(next_attempt_at) as oldest_next_attempt_at from outbox where state = @pending",
                new { pending = nameof(OutboxState.Pending) },
                cancellationToken: timeout.Token));
            return new StoreProbeResult(at, null, new OutboxBacklog((int)backlog.Pending, backlog.OldestNextAttemptAt));
        }
        catch (OperationCanceledException)
        {
            return new StoreProbeResult(at, $"{dialect.Describe()} did not answer within {Timeout.TotalSeconds:0} s", null);
        }
        catch (Exception exception)
        {
            return new StoreProbeResult(at, dialect.ExplainFailure(exception), null);
        }
    }

    private sealed class OutboxBacklogRow
    {
        public long Pending { get; init; }

        public DateTimeOffset? OldestNextAttemptAt { get; init; }
    }
}

/// <summary>One look at the store: when, what is wrong (null when reachable and migrated), and the outbox backlog when known.</summary>
public sealed record StoreProbeResult(DateTimeOffset At, string? Problem, OutboxBacklog? Outbox);

/// <summary>Pending outbox rows, and the earliest time one of them is (or was) due.</summary>
public sealed record OutboxBacklog(int Pending, DateTimeOffset? OldestNextAttemptAt)
{
    /// <summary>How long the oldest due row has been waiting at <paramref name="now"/>; zero when nothing is due.</summary>
    public TimeSpan OldestDueAge(DateTimeOffset now) =>
        OldestNextAttemptAt is { } due && due < now ? now - due : TimeSpan.Zero;
}
