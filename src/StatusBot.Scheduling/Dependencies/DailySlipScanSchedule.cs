using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using SchedulingOptions = StatusBot.Scheduling.CheckIns.SchedulingOptions;

namespace StatusBot.Scheduling.Dependencies;

/// <summary>
/// Keeps the one recurring job of <see cref="DailySlipScanJob"/>: a daily cron at <c>Scheduling:DailySlipScanUtc</c>
/// in UTC. Called at start and at every reconciliation; Hangfire's <c>AddOrUpdate</c> leaves a stored job with the same
/// schedule alone (its next run, or a run pending after every instance was down, stays), and a changed time re-plans it.
/// Runs missed while every instance was down collapse into one run at the next start (PostgreSQL).
/// </summary>
public sealed class DailySlipScanSchedule(IRecurringJobManager recurring, IOptions<SchedulingOptions> options)
{
    /// <summary>The recurring job's id.</summary>
    public const string JobId = "dependencies:daily-slip-scan";

    /// <summary>A cron expression firing every day at <paramref name="utc"/> (minutes, hours, …).</summary>
    public static string CronOf(TimeOnly utc) => string.Create(CultureInfo.InvariantCulture, $"{utc.Minute} {utc.Hour} * * *");

    public void Ensure() => recurring.AddOrUpdate(
        JobId,
        Job.FromExpression<DailySlipScanJob>(job => job.RunAsync(CancellationToken.None)),
        CronOf(options.Value.DailySlipScanTime()),
        new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
}
