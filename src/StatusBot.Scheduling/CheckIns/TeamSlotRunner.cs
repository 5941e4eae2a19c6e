using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Digests;
using StatusBot.Core.Observability;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// What happens when a team's slot fires: open the cycle of the slot <see cref="MisfirePolicy"/> chooses, then plan
/// the next slot. The misfire policy, explicitly:
/// <list type="bullet">
/// <item>The open job is a one-off delayed Hangfire job: on PostgreSQL a slot that every instance slept through is due
/// and runs once when the first instance comes back, however many weeks were missed; on the embedded store the start-up
/// sync finds the missed slot in the bot's tables and queues it (<see cref="HangfireCheckInScheduler.SyncAllAsync"/>).</item>
/// <item>That late fire opens only the most recent missed slot (never one cycle per missed week), and when it is
/// later than <see cref="SchedulingOptions.CatchUpAfter"/> its window is shifted to start now, so people still get
/// the full answer time before the reminder and the close.</item>
/// <item>Then the next slot is scheduled from the schedule, after now.</item>
/// </list>
/// </summary>
public sealed class TeamSlotRunner(
    IStatusBotStore store,
    OpenCycle openCycle,
    SlotMates slotMates,
    ICheckInCalendar calendar,
    HangfireCheckInScheduler scheduler,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<TeamSlotRunner> logger)
{
    public async Task<OpenCycleResult?> RunAsync(long teamId, PlannedSlot? planned, CancellationToken cancellationToken)
    {
        CheckInSchedule? schedule;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var team = await session.Teams.GetAsync(teamId, cancellationToken);
            schedule = team is { Paused: false } ? await session.Teams.GetScheduleAsync(teamId, cancellationToken) : null;
        }

        if (schedule is null)
        {
            await scheduler.TeamChangedAsync(teamId, cancellationToken); // removes the plan
            return null;
        }

        var now = time.GetUtcNow();
        var slot = MisfirePolicy.SlotToOpen(calendar, schedule, planned, now, options.Value.CatchUpAfter);
        if (slot == planned?.Slot)
        {
            // On time: the teams due at the same instant are opened with this one (a late, shifted slot is the team's own).
            await slotMates.OpenAsync(schedule, slot, cancellationToken);
        }

        var opened = await openCycle.OpenAsync(schedule, slot, cancellationToken);
        if (opened.Opened)
        {
            // Due time → cycle opened (prompts queued): measured from the slot the job was planned for, before any catch-up shift.
            StatusBotTelemetry.RecordSlotLateness(time.GetUtcNow() - (planned?.Slot.OpensAt ?? slot.OpensAt));
        }

        if (opened is { Opened: false, Cycle.State: CycleState.Open })
        {
            // A re-run (recovery after a crash mid-job): the cycle exists, make sure its reminder and close do too.
            await scheduler.EnsureCycleJobsAsync(opened.Cycle, cancellationToken);
        }

        if (opened.Opened && slot.OpensAt == now)
        {
            logger.LogInformation("Caught up the missed check-in of team {TeamId} for the week of {WeekOf}: opened now with the full window", teamId, slot.WeekOf);
        }

        // The next slot after this one (and after now): a job that ran a little early must not plan its own slot again.
        await scheduler.ScheduleNextOpenAsync(schedule, planned is not null && planned.Slot.OpensAt > now && planned.Slot.OpensAt - now <= EarlyStart.Tolerance ? planned.Slot.OpensAt : now, cancellationToken);
        return opened;
    }
}

/// <summary>What happens at a program's digest slot.</summary>
public sealed partial class DigestSlotRunner(ScheduledDigest digest, HangfireCheckInScheduler scheduler, ILogger<DigestSlotRunner> logger)
{
    /// <summary>Publishes the latest complete week (not the slot's own week: see <see cref="ScheduledDigest"/>), then plans the slot after <paramref name="slotAt"/>.</summary>
    public async Task RunAsync(long programId, DateTimeOffset slotAt, CancellationToken cancellationToken)
    {
        var result = await digest.RunAsync(programId, cancellationToken);
        if (result.Published is { } week)
        {
            LogPublished(programId, week);
        }
        else
        {
            LogNothing(programId, result.NothingBecause ?? "nothing to publish");
        }

        await scheduler.ScheduleNextDigestAsync(programId, slotAt, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest slot of program {ProgramId}: published the week of {WeekOf}")]
    private partial void LogPublished(long programId, DateOnly weekOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest slot of program {ProgramId}: posted nothing, because {Reason}")]
    private partial void LogNothing(long programId, string reason);
}

/// <summary>Which slot a fired (possibly late) open job opens; see <see cref="TeamSlotRunner"/>.</summary>
public static class MisfirePolicy
{
    public static CheckInSlot SlotToOpen(ICheckInCalendar calendar, CheckInSchedule schedule, PlannedSlot? planned, DateTimeOffset now, TimeSpan catchUpAfter)
    {
        // The slot the job was planned for, unless the schedule changed since (then: the latest slot of the new one),
        // or the slot is still far off: a job run ahead of its time (an operator's "enqueue now" on the dashboard)
        // must not start next week's cycle early; it opens the latest slot that has started instead, which the store's
        // (team, week) key makes a no-op when that cycle is already open. "Far" is beyond EarlyStart's tolerance: a job
        // that waited for its due time can still read the clock a tick before it (a timer may fire before the wall
        // clock reaches the due instant), and taking last week's slot then would skip this week for the team.
        var slot = planned is not null && planned.Spec == HangfireCheckInScheduler.SpecOf(schedule) && planned.Slot.OpensAt - now <= EarlyStart.Tolerance
            ? planned.Slot
            : calendar.Previous(schedule, now);

        // Several weeks missed: only the most recent one is opened, never one cycle per missed week.
        var latest = calendar.Previous(schedule, now);
        if (latest.WeekOf > slot.WeekOf)
        {
            slot = latest;
        }

        // Late beyond the tolerance: the window starts now, so people keep their full answer time.
        return now - slot.OpensAt > catchUpAfter ? slot.ShiftedTo(now) : slot;
    }
}
