using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulingOptions = StatusBot.Scheduling.CheckIns.SchedulingOptions;

namespace StatusBot.Scheduling.Dependencies;

/// <summary>
/// Runs <see cref="DailySlipScanJob"/> daily at <c>Scheduling:DailySlipScanUtc</c> in UTC. <see cref="Ensure"/> is called
/// at start and at every reconciliation.
/// <list type="bullet">
/// <item><b>PostgreSQL</b> (shared storage, several instances): one Hangfire recurring job (cron in UTC). Hangfire's
/// <c>AddOrUpdate</c> leaves a stored job with the same schedule alone (its next run, or a run pending after every
/// instance was down, stays), a changed time re-plans it, and runs missed while every instance was down collapse into
/// one run at the next start.</item>
/// <item><b>Embedded store</b> (in-memory Hangfire storage, one process): an in-process timer that, at the time, queues
/// the same Hangfire job (same retries, same one-at-a-time rule, visible on the dashboard). A recurring job there bought
/// nothing (the in-memory storage forgets it at every restart, so a run missed while the process was down never ran
/// either) and cost about 300 ms of CPU at every start (Hangfire's cron parser and job serializer, Newtonsoft.Json, on
/// first use) and their resident memory in a host that may never run a job.</item>
/// </list>
/// </summary>
public sealed class DailySlipScanSchedule : IDisposable
{
    /// <summary>The recurring job's id (PostgreSQL).</summary>
    public const string JobId = "dependencies:daily-slip-scan";

    private readonly IRecurringJobManager? _recurring;
    private readonly IServiceProvider _services;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DailySlipScanSchedule> _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _stopped;

    /// <param name="recurring">Hangfire's recurring jobs on shared storage; null for the embedded store's in-process timer.</param>
    /// <param name="services">Gives the job client when the timer fires (resolved then, not at start).</param>
    public DailySlipScanSchedule(IRecurringJobManager? recurring, IServiceProvider services, IOptions<SchedulingOptions> options, TimeProvider time, ILogger<DailySlipScanSchedule> logger)
    {
        _recurring = recurring;
        _services = services;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The embedded store's next planned run; null on PostgreSQL (see the recurring job) or before the first <see cref="Ensure"/>.</summary>
    public DateTimeOffset? NextRun { get; private set; }

    /// <summary>A cron expression firing every day at <paramref name="utc"/> (minutes, hours, …).</summary>
    public static string CronOf(TimeOnly utc) => string.Create(CultureInfo.InvariantCulture, $"{utc.Minute} {utc.Hour} * * *");

    /// <summary>The first instant strictly after <paramref name="instant"/> that is <paramref name="utc"/> in UTC.</summary>
    public static DateTimeOffset NextAfter(TimeOnly utc, DateTimeOffset instant)
    {
        var sameDay = new DateTimeOffset(instant.UtcDateTime.Date + utc.ToTimeSpan(), TimeSpan.Zero);
        return sameDay > instant ? sameDay : sameDay.AddDays(1);
    }

    public void Ensure()
    {
        if (_recurring is not null)
        {
            _recurring.AddOrUpdate(
                JobId,
                ScanJob(),
                CronOf(_options.Value.DailySlipScanTime()),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
            return;
        }

        lock (_gate)
        {
            if (_timer is not null || _stopped)
            {
                return;
            }

            // Armed once: the time is read at start, like every other setting.
            Arm(NextAfter(_options.Value.DailySlipScanTime(), _time.GetUtcNow()));
        }
    }

    /// <summary>Stops the embedded store's timer (the scheduler is stopping); a later <see cref="Ensure"/> does not re-arm it.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    private static Job ScanJob() => Job.FromExpression<DailySlipScanJob>(job => job.RunAsync(CancellationToken.None));

    private void Arm(DateTimeOffset at)
    {
        NextRun = at;
        var wait = at - _time.GetUtcNow();
        if (_timer is null)
        {
            _timer = _time.CreateTimer(_ => Fire(), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_stopped || NextRun is not { } due)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (now < due)
            {
                // A timer woke before its time (the wall clock was set back): wait for the rest.
                Arm(due);
                return;
            }

            try
            {
                _services.GetRequiredService<IBackgroundJobClient>().Create(ScanJob(), new EnqueuedState());
            }
            catch (Exception exception)
            {
                // The in-memory storage does not fail in practice; if it did, tomorrow's run still comes.
                _logger.LogError(exception, "The daily slip scan could not be queued");
            }

            // Planned from the run's own time, or from now when the process slept past several (they collapse into this one).
            Arm(NextAfter(_options.Value.DailySlipScanTime(), now > due ? now : due));
        }
    }
}
