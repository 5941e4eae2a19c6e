using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StatusBot.Core.Health;
using StatusBot.Data.Startup;

namespace StatusBot.Host.Health;

/// <summary>
/// <c>store</c>: reachable and at the schema version this build needs. Until the start-up migration has finished it
/// reports the initializer's reason; after that, a live (cached) probe, so a database that goes away later is noticed.
/// </summary>
public sealed class StoreHealthCheck(StoreProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        (await probe.GetAsync()).Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy();
}

/// <summary><c>outbox</c>: no due message has waited longer than <see cref="HealthOptions.OutboxStuckAfter"/> (no sender makes progress).</summary>
public sealed class OutboxHealthCheck(StoreProbe probe, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Unknown while the store is down: the store check says why, and one reason is enough.
        if ((await probe.GetAsync()).Outbox is not { } backlog)
        {
            return HealthCheckResult.Healthy();
        }

        var age = backlog.OldestDueAge(time.GetUtcNow());
        var limit = options.Value.OutboxStuckAfter;
        return age > limit
            ? HealthCheckResult.Unhealthy(
                $"outbox stuck: {backlog.Pending} message(s) pending, the oldest due for {Minutes(age)} (limit {Minutes(limit)}, Health:OutboxStuckAfter); is a sender running and can it reach the platform?")
            : HealthCheckResult.Healthy();
    }

    private static string Minutes(TimeSpan span) => $"{(int)span.TotalMinutes} min";
}

/// <summary><c>scheduler</c>: the scheduler's own readiness (synced, its server started or, on the embedded store, started by the first job); healthy on a host that runs none.</summary>
public sealed class SchedulerHealthCheck(IEnumerable<IReadinessCheck> parts) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(parts.FirstOrDefault(part => part.Name == "scheduler")?.Problem is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy());
}
