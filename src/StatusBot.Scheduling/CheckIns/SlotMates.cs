using System.Globalization;
using Microsoft.Extensions.Logging;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Observability;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Opens together every team whose slot falls at the same instant as a team's slot job that just fired (a Monday 09:00
/// of two thousand teams), with <see cref="OpenCycle.OpenManyAsync(IReadOnlyList{DueCheckIn}, bool, CancellationToken)"/>:
/// a few statements per 250 teams. Left to one Hangfire job per team, run a handful at a time per instance, the last
/// team's prompts were queued minutes after the slot (issue 15's scale run: 2,000 teams, 127–156 s), while the first
/// teams' prompts were already being sent.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The first job of the instant to take the instant's lock opens its mates. Jobs of the same instant that run
/// meanwhile, on any instance, wait for that lock, then find their own team open and do nothing here.</item>
/// <item>A mate is a team whose current schedule (the tables, not the plans) makes its latest slot start at that
/// instant, set before the instant (a schedule set later starts the week after, as <see cref="HangfireCheckInScheduler"/>
/// plans it), and with no cycle that week. Paused and skipping teams are reported by <see cref="OpenCycle"/> and left
/// alone.</item>
/// <item>Every team's own job still runs. It finds its cycle open, plans the reminder and the close (not planned here:
/// two jobs per team would hold back the next batch's prompts) and plans the next slot. The scheduler's periodic sync
/// plans them as well for every open cycle.</item>
/// <item>A mate that fails to open leaves nothing behind (all or nothing per team) and is retried by its own job.</item>
/// </list>
/// </remarks>
public sealed partial class SlotMates(IStatusBotStore store, OpenCycle openCycle, ICheckInCalendar calendar, JobPlans plans, TimeProvider time, ILogger<SlotMates> logger)
{
    /// <summary>
    /// How long a job waits while another job opens the same instant's teams, after which it opens its own team alone
    /// (also idempotent). Opening 2,000 teams of 50 members takes a few seconds.
    /// </summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <summary>Opens the cycles of <paramref name="own"/> and of its slot mates for <paramref name="slot"/> (the job's own, on time).</summary>
    public async Task OpenAsync(CheckInSchedule own, CheckInSlot slot, CancellationToken cancellationToken)
    {
        // Most of an instant's jobs run after its mates were opened: they need neither the lock nor the schedules.
        if (await IsOpenAsync(own.TeamId, slot.WeekOf, cancellationToken))
        {
            return;
        }

        try
        {
            await OpenWithMatesAsync(own, slot, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Opening the mates is the fast path, not the job: whatever breaks it, the job still opens its own team.
            LogFailed(exception, own.TeamId, slot.OpensAt);
        }
    }

    private async Task OpenWithMatesAsync(CheckInSchedule own, CheckInSlot slot, CancellationToken cancellationToken)
    {
        using var opening = plans.TryLock("checkin-open:at-" + slot.OpensAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), LockWait);
        if (opening is null)
        {
            LogLockBusy(own.TeamId, slot.OpensAt);
            return;
        }

        // The job that held the lock before this one opened this team with its mates.
        if (await IsOpenAsync(own.TeamId, slot.WeekOf, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        List<DueCheckIn> due;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var mates = (await session.CheckIns.ListSchedulesAsync(cancellationToken))
                .Where(s => s.TeamId != own.TeamId)
                .Select(s => LatestSlot(s, now) is { } latest ? new DueCheckIn(s, latest) : null)
                .OfType<DueCheckIn>()
                .Where(d => d.Slot.OpensAt == slot.OpensAt && d.Schedule.UpdatedAt < slot.OpensAt)
                .Prepend(new DueCheckIn(own, slot))
                .ToList();
            var opened = (await session.CheckIns.ListCyclesAsync(
                    mates.Select(d => d.Schedule.TeamId).ToArray(), mates.Min(d => d.Slot.WeekOf), mates.Max(d => d.Slot.WeekOf), cancellationToken))
                .Select(c => (c.TeamId, c.WeekOf))
                .ToHashSet();
            due = mates.Where(d => !opened.Contains((d.Schedule.TeamId, d.Slot.WeekOf))).ToList();
        }

        if (due.Count == 1)
        {
            return; // no mates: the caller opens its own team as before
        }

        var results = await openCycle.OpenManyAsync(due, planCycleJobs: false, cancellationToken);
        var lateness = time.GetUtcNow() - slot.OpensAt;
        var count = results.Count(r => r.Opened);
        for (var i = 0; i < count; i++)
        {
            StatusBotTelemetry.RecordSlotLateness(lateness);
        }

        LogOpened(count, slot.OpensAt, own.TeamId, results.Count(r => r.Failure is not null), lateness.TotalMilliseconds);
    }

    /// <summary>A schedule whose slot cannot be computed (a zone this machine's time zone data no longer knows) is no mate; its own job reports it.</summary>
    private CheckInSlot? LatestSlot(CheckInSchedule schedule, DateTimeOffset now)
    {
        try
        {
            return calendar.Previous(schedule, now);
        }
        catch (UnknownTimeZoneException)
        {
            return null;
        }
    }

    private async Task<bool> IsOpenAsync(long teamId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.CheckIns.FindCycleAsync(teamId, weekOf, cancellationToken) is not null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the check-ins of {Count} teams due at {OpensAt:O} together (slot job of team {TeamId}); {Failed} failed and are left to their own jobs; {Milliseconds:F0} ms after the slot")]
    private partial void LogOpened(int count, DateTimeOffset opensAt, long teamId, int failed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Team {TeamId}'s slot job could not open the other teams due at {OpensAt:O}; it opens its own team alone, theirs open with their own jobs")]
    private partial void LogFailed(Exception exception, long teamId, DateTimeOffset opensAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Team {TeamId}'s slot job waited for the opening of the teams due at {OpensAt:O} too long; it opens its own team alone")]
    private partial void LogLockBusy(long teamId, DateTimeOffset opensAt);
}
