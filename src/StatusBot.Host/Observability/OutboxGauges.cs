using System.Diagnostics.Metrics;
using StatusBot.Core.Observability;
using StatusBot.Data.Startup;

namespace StatusBot.Host.Observability;

/// <summary>
/// The outbox's observable gauges, read from the store by <see cref="StoreProbe"/> (two indexed queries, reused for a
/// few seconds, shared with <c>/readyz</c>). On this host's own meter (from its container), so it goes with the host.
/// While the store cannot be read the gauges report nothing rather than a made-up zero.
/// </summary>
public sealed class OutboxGauges
{
    public OutboxGauges(IMeterFactory meters, StoreProbe probe, TimeProvider time)
    {
        var meter = meters.Create(StatusBotTelemetry.Name);
        meter.CreateObservableGauge(
            "statusbot.outbox.depth",
            () => Observe(probe, backlog => backlog.Pending),
            "{message}",
            "Outbox messages not yet delivered or given up (due now or retrying later).");
        meter.CreateObservableGauge(
            "statusbot.outbox.oldest_due_age",
            () => Observe(probe, backlog => backlog.OldestDueAge(time.GetUtcNow()).TotalSeconds),
            "s",
            "How long the oldest due outbox message has waited for its send (0 when none is due).");
    }

    private static IEnumerable<Measurement<T>> Observe<T>(StoreProbe probe, Func<OutboxBacklog, T> read)
        where T : struct
    {
        // Observable callbacks are synchronous; the probe answers from its cache, so this blocks at most once per interval.
        var result = probe.GetAsync().GetAwaiter().GetResult();
        return result.Outbox is { } backlog ? [new Measurement<T>(read(backlog))] : [];
    }
}
