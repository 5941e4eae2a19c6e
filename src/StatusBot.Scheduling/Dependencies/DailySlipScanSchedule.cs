using System.Globalization;
using Microsoft.Extensions.Options;
using Quartz;
using StatusBot.Scheduling.CheckIns;
using SchedulingOptions = StatusBot.Scheduling.CheckIns.SchedulingOptions;

namespace StatusBot.Scheduling.Dependencies;

/// <summary>
/// Keeps the one trigger of <see cref="DailySlipScanJob"/> in the (persistent, clustered) job store: a daily cron at
/// <c>Scheduling:DailySlipScanUtc</c> in UTC. Called at start and at every reconciliation, so it must be idempotent:
/// a stored trigger with the same schedule is left alone (replacing it would drop a fire that is pending after every
/// instance was down), and only a changed time re-plans it.
/// </summary>
public sealed class DailySlipScanSchedule(ISchedulerFactory factory, IOptions<SchedulingOptions> options, TimeProvider time)
{
    /// <summary>The trigger's key: named like the job, one trigger for one job.</summary>
    public static readonly TriggerKey TriggerKey = new(DailySlipScanJob.Key.Name, DailySlipScanJob.Key.Group);

    /// <summary>A Quartz cron expression firing every day at <paramref name="utc"/> (seconds, minutes, hours, …).</summary>
    public static string CronOf(TimeOnly utc) => string.Create(CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} * * ?");

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var cron = CronOf(options.Value.DailySlipScanTime());
        if (await scheduler.GetTrigger(TriggerKey, cancellationToken) is ICronTrigger existing
            && existing.CronExpressionString == cron
            && existing.TimeZone.BaseUtcOffset == TimeSpan.Zero
            && !existing.TimeZone.SupportsDaylightSavingTime)
        {
            return;
        }

        // Durable: the job stays stored even while it has no trigger. Recoverable: a scan cut short by an instance's
        // death runs again on another one (it is idempotent). A fire missed while every instance was down runs once.
        var job = JobBuilder.Create<DailySlipScanJob>().WithIdentity(DailySlipScanJob.Key).StoreDurably().RequestRecovery().Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(TriggerKey)
            .ForJob(DailySlipScanJob.Key)
            .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }
}
