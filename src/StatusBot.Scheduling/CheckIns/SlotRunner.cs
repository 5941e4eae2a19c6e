using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Digests;
using StatusBot.Core.Observability;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// What happens when a slot instant fires: every team whose current schedule starts then is opened together, in the
/// slot <see cref="MisfirePolicy"/> chooses, and their next slots are planned. A Monday 09:00 of two thousand teams is one
/// Hangfire job and a few statements per 250 teams (<see cref="OpenCycle.OpenManyAsync"/>); one job per team, run a
/// handful at a time per instance, queued the last team's prompts minutes after the slot and spent most of the
/// cluster's CPU while the first teams' prompts were being sent (issue 15's scale run).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Due at the instant: a team whose current schedule (the tables, not the plans) has a slot starting then, set
/// before then (a schedule set later starts the week after, as <see cref="HangfireCheckInScheduler"/> plans it), not
/// paused, and with no cycle for the week it opens. A team whose schedule moved away from the instant has its own
/// instant planned and is not opened here; a schedule whose zone this machine no longer knows is logged and skipped.</item>
/// <item>The misfire policy, explicitly: the open job is a one-off delayed Hangfire job. On PostgreSQL an instant that
/// every instance slept through runs once when the first instance comes back, however many weeks were missed; on the
/// embedded store the start-up sync finds the missed slot in the bot's tables and queues its instant
/// (<see cref="HangfireCheckInScheduler.SyncAllAsync"/>). That late run opens only each team's most recent missed week,
/// and when it is later than <see cref="SchedulingOptions.CatchUpAfter"/> the window starts now, so people still get
/// the full answer time before the reminder and the close.</item>
/// <item>Then each opened team's next slot is planned (one job per distinct instant), from the slot after this one and
/// after now.</item>
/// </list>
/// </remarks>
public sealed partial class SlotRunner(
    IStatusBotStore store,
    OpenCycle openCycle,
    ICheckInCalendar calendar,
    HangfireCheckInScheduler scheduler,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<SlotRunner> logger)
{
    /// <summary>Opens the teams due at <paramref name="opensAt"/>; returns one result per team found due.</summary>
    public async Task<IReadOnlyList<OpenCycleResult>> RunAsync(DateTimeOffset opensAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<DueCheckIn> due, openedBefore;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var active = await ActiveSchedules.ReadAsync(session, cancellationToken);
            var programOf = active.ToDictionary(a => a.Schedule.TeamId, a => a.ProgramId);
            var atInstant = active
                .Where(a => a.Schedule.UpdatedAt < opensAt)
                .Select(a => SlotAt(a.Schedule, opensAt) is { } slot ? new DueCheckIn(a.Schedule, slot) : null)
                .OfType<DueCheckIn>();
            var candidates = InProgramTurns(atInstant, programOf)
                .Select(d => d with { Slot = MisfirePolicy.SlotToOpen(calendar, d.Schedule, new PlannedSlot(HangfireCheckInScheduler.SpecOf(d.Schedule), d.Slot), now, options.Value.CatchUpAfter, scheduler.OpenAhead) })
                .ToList();
            var existing = candidates.Count == 0 ? [] : (await session.CheckIns.ListCyclesAsync(
                    candidates.Select(d => d.Schedule.TeamId).ToArray(), candidates.Min(d => d.Slot.WeekOf), candidates.Max(d => d.Slot.WeekOf), cancellationToken))
                .Select(c => (c.TeamId, c.WeekOf))
                .ToHashSet();
            due = candidates.Where(d => !existing.Contains((d.Schedule.TeamId, d.Slot.WeekOf))).ToList();
            openedBefore = candidates.Where(d => existing.Contains((d.Schedule.TeamId, d.Slot.WeekOf))).ToList();
        }

        var results = due.Count == 0 ? [] : await openCycle.OpenManyAsync(due, cancellationToken);
        var lateness = time.GetUtcNow() - opensAt;
        var count = results.Count(r => r.Opened);
        for (var i = 0; i < count; i++)
        {
            // Due time → cycle opened (prompts queued), measured from the instant, before any catch-up shift. Opened ahead
            // (Scheduling:OpenAhead), the prompts are queued for the instant: not late.
            StatusBotTelemetry.RecordSlotLateness(lateness > TimeSpan.Zero ? lateness : TimeSpan.Zero);
        }

        var failed = results.Count(r => r.Failure is not null);
        if (now - opensAt > options.Value.CatchUpAfter && count > 0)
        {
            LogCaughtUp(count, opensAt);
        }

        LogOpened(count, opensAt, failed, lateness.TotalMilliseconds);

        // The teams opened now, and those opened before (a re-run after a crash mid-job, a "start now" before the slot).
        PlanNext(due.Zip(results).Where(p => p.Second.Failure is null).Select(p => p.First).Concat(openedBefore), opensAt, now);

        // A team that failed to open left nothing behind: Hangfire retries the job, which opens only what is still missing.
        if (results.FirstOrDefault(r => r.Failure is not null)?.Failure is { } failure)
        {
            throw new InvalidOperationException($"{failed} of {due.Count} check-ins due at {opensAt:O} could not be opened", failure);
        }

        return results;
    }

    /// <summary>
    /// The teams in turns over their programs (each program's first team, then each one's second…): a team's prompts
    /// can be sent once its batch of <see cref="OpenCycle.BatchSize"/> teams commits, so every program (and workspace)
    /// starts sending with the first batch rather than one program's two thousand teams going first. In the scale run
    /// (200 workspaces, one program each) the workspaces of the second batch started seconds after the first ones.
    /// </summary>
    public static IEnumerable<DueCheckIn> InProgramTurns(IEnumerable<DueCheckIn> due, IReadOnlyDictionary<long, long> programOf) =>
        due.GroupBy(d => programOf[d.Schedule.TeamId])
            .SelectMany(program => program.Select((d, turn) => (d, turn, Program: program.Key)))
            .OrderBy(t => t.turn)
            .ThenBy(t => t.Program)
            .Select(t => t.d);

    /// <summary>The team's slot that starts at <paramref name="opensAt"/>, or null (another instant, or a zone this machine no longer knows).</summary>
    private CheckInSlot? SlotAt(CheckInSchedule schedule, DateTimeOffset opensAt)
    {
        try
        {
            var slot = calendar.Previous(schedule, opensAt);
            return CheckInJobKeys.SameInstant(slot.OpensAt, opensAt) ? slot : null;
        }
        catch (UnknownTimeZoneException)
        {
            LogUnknownZone(schedule.TeamId, schedule.TimeZone, opensAt);
            return null;
        }
    }

    /// <summary>
    /// Each team's slot after this one and after now (a job that ran a little early must not plan its own slot again):
    /// one plan per distinct instant, so the two thousand teams of a Monday 09:00 plan one job for the next Monday.
    /// </summary>
    private void PlanNext(IEnumerable<DueCheckIn> teams, DateTimeOffset opensAt, DateTimeOffset now)
    {
        var after = opensAt > now ? opensAt : now;
        foreach (var instant in teams.Select(d => calendar.Next(d.Schedule, after).OpensAt).Distinct())
        {
            scheduler.PlanOpen(instant, replace: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the check-ins of {Count} teams due at {OpensAt:O}; {Failed} failed; {Milliseconds:F0} ms after the slot (negative: opened ahead, their prompts wait for the slot)")]
    private partial void LogOpened(int count, DateTimeOffset opensAt, int failed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up the missed check-ins of {Count} teams due at {OpensAt:O}: opened now with the full window")]
    private partial void LogCaughtUp(int count, DateTimeOffset opensAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Team {TeamId}'s check-in schedule names the time zone {Zone}, which this machine's time zone data does not know: it is not opened at {OpensAt:O}; set the schedule again with a known zone")]
    private partial void LogUnknownZone(long teamId, string zone, DateTimeOffset opensAt);
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

/// <summary>The slot an open job found a team due for at its instant, and the schedule spec it was computed from.</summary>
public sealed record PlannedSlot(string Spec, CheckInSlot Slot);

/// <summary>Which slot a fired (possibly late) open job opens for a team; see <see cref="SlotRunner"/>.</summary>
public static class MisfirePolicy
{
    public static CheckInSlot SlotToOpen(
        ICheckInCalendar calendar, CheckInSchedule schedule, PlannedSlot? planned, DateTimeOffset now, TimeSpan catchUpAfter, TimeSpan openAhead = default)
    {
        // The slot the job was planned for, unless the schedule changed since (then: the latest slot of the new one),
        // or the slot is still far off: a job run ahead of its time (an operator's "enqueue now" on the dashboard)
        // must not start next week's cycle early; it opens the latest slot that has started instead, which the store's
        // (team, week) key makes a no-op when that cycle is already open. "Far" is beyond the job's planned lead
        // (Scheduling:OpenAhead) and EarlyStart's tolerance: a job that waited for its due time can still read the clock
        // a tick before it (a timer may fire before the wall clock reaches the due instant), and taking last week's slot
        // then would skip this week for the team.
        var slot = planned is not null && planned.Spec == HangfireCheckInScheduler.SpecOf(schedule) && planned.Slot.OpensAt - now <= openAhead + EarlyStart.Tolerance
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
