using System.Globalization;
using Hangfire.Common;
using Microsoft.Extensions.Logging;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Keeps Hangfire's jobs in line with the bot's tables (the source of truth): one delayed job per team for its next
/// slot, one per open cycle for its reminder and one for its close, one per program for its digest slot, each under a
/// stable plan key (<see cref="JobPlans"/>). Never one per message: the fan-out to members goes through the outbox.
/// </summary>
/// <remarks>
/// Delayed one-off jobs whose due time is computed by <see cref="CheckInClock"/> (and re-planned after each run) rather
/// than recurring jobs with a <see cref="TimeZoneInfo"/>: each instant is computed from the zone's rules for that very
/// week, so DST changes (including half-hour ones) and the gap/ambiguity rules are the bot's own, tested ones; a
/// reminder and a close belong to one cycle and are one-off anyway; a moved schedule is simply a replaced job; and the
/// job carries its slot in its arguments, so a late or repeated run knows which week it is for.
/// </remarks>
public sealed partial class HangfireCheckInScheduler(
    JobPlans plans, IStatusBotStore store, ICheckInCalendar calendar, TimeProvider time, bool rebuildAtStart, ILogger<HangfireCheckInScheduler> logger) : ICheckInScheduler
{
    /// <summary>What a job was planned from; a plan whose spec differs from the stored schedule is replaced.</summary>
    public static string SpecOf(CheckInSchedule schedule) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(int)schedule.Day}|{schedule.LocalTime:HH\\:mm}|{schedule.TimeZone}|{schedule.WindowMinutes}|{schedule.ReminderMinutesBeforeClose}");

    private static string SpecOf(WeeklySlot slot) => string.Create(CultureInfo.InvariantCulture, $"{(int)slot.Day}|{slot.LocalTime:HH\\:mm}|{slot.TimeZone}");

    /// <summary>The plan of a team's next slot; null when the team has none (paused, no schedule, deleted).</summary>
    public JobPlans.Plan? OpenPlan(long teamId) => plans.Get(CheckInJobKeys.Open(teamId));

    /// <summary>The plans of a cycle's reminder and close.</summary>
    public (JobPlans.Plan? Remind, JobPlans.Plan? Close) CyclePlans(long cycleId) => (plans.Get(CheckInJobKeys.Remind(cycleId)), plans.Get(CheckInJobKeys.Close(cycleId)));

    /// <summary>The plan of a program's next digest slot.</summary>
    public JobPlans.Plan? DigestPlan(long programId) => plans.Get(CheckInJobKeys.Digest(programId));

    public async Task TeamChangedAsync(long teamId, CancellationToken cancellationToken)
    {
        var schedule = await ActiveScheduleAsync(teamId, cancellationToken);
        if (schedule is null)
        {
            plans.Remove(CheckInJobKeys.Open(teamId));
            return;
        }

        var desired = calendar.Next(schedule, time.GetUtcNow());
        PutOpen(schedule, desired, keepCurrent: true);
    }

    /// <summary>Plans the team's next slot after <paramref name="after"/>; called by the open job once it has run.</summary>
    public Task ScheduleNextOpenAsync(CheckInSchedule schedule, DateTimeOffset after, CancellationToken cancellationToken)
    {
        PutOpen(schedule, calendar.Next(schedule, after), keepCurrent: false);
        return Task.CompletedTask;
    }

    public Task CycleOpenedAsync(CheckInCycle cycle, CancellationToken cancellationToken)
    {
        var spec = Spec(cycle);
        plans.Put(CheckInJobKeys.Remind(cycle.Id), spec, cycle.RemindAt, Job.FromExpression<SendRemindersJob>(j => j.RunAsync(cycle.Id, cycle.RemindAt, CancellationToken.None)), SameAndPending(spec));
        plans.Put(CheckInJobKeys.Close(cycle.Id), spec, cycle.ClosesAt, Job.FromExpression<CloseCycleJob>(j => j.RunAsync(cycle.Id, cycle.ClosesAt, CancellationToken.None)), SameAndPending(spec));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Gives an open cycle its reminder and close again when its close job is missing or finished while the cycle is
    /// still open: the process that opened it died between committing the cycle and planning them, or the embedded
    /// store started empty. A missed reminder or close then runs at once; both are idempotent.
    /// </summary>
    public async Task EnsureCycleJobsAsync(CheckInCycle cycle, CancellationToken cancellationToken)
    {
        if (plans.Get(CheckInJobKeys.Close(cycle.Id)) is not { } close || !JobPlans.IsPending(close))
        {
            await CycleOpenedAsync(cycle, cancellationToken);
        }
    }

    public async Task ProgramChangedAsync(long programId, CancellationToken cancellationToken)
    {
        var slot = await DigestSlotAsync(programId, cancellationToken);
        if (slot is null)
        {
            plans.Remove(CheckInJobKeys.Digest(programId));
            return;
        }

        PutDigest(programId, slot, calendar.NextDigest(slot, time.GetUtcNow()).OpensAt, keepCurrent: true);
    }

    /// <summary>Plans the program's digest slot after <paramref name="after"/>; called by the digest job once it has run.</summary>
    public async Task ScheduleNextDigestAsync(long programId, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var slot = await DigestSlotAsync(programId, cancellationToken);
        if (slot is null)
        {
            plans.Remove(CheckInJobKeys.Digest(programId));
            return;
        }

        var now = time.GetUtcNow();
        PutDigest(programId, slot, calendar.NextDigest(slot, after > now ? after : now).OpensAt, keepCurrent: false);
    }

    /// <summary>
    /// Brings every job in line with the tables: each team's next slot (a plan made from the same schedule is left alone,
    /// so a slot missed while everyone was down still runs once), each open cycle's reminder and close, each program's
    /// digest slot. With <paramref name="starting"/> on the embedded store, whose jobs did not survive the restart, a slot
    /// that came due while the process was down is found in the tables and queued: see <see cref="MissedSlot"/>.
    /// </summary>
    public async Task SyncAllAsync(bool starting, CancellationToken cancellationToken)
    {
        IReadOnlyList<CheckInSchedule> schedules;
        IReadOnlyList<CheckInCycle> open;
        IReadOnlyList<long> programs;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            schedules = await session.CheckIns.ListSchedulesAsync(cancellationToken);
            open = await session.CheckIns.ListOpenCyclesAsync(cancellationToken);
            programs = await session.CheckIns.ListProgramsWithDigestSlotAsync(cancellationToken);
        }

        foreach (var listed in schedules)
        {
            try
            {
                await SyncTeamAsync(listed.TeamId, starting, cancellationToken);
            }
            catch (UnknownTimeZoneException)
            {
                // One team's zone unknown to this machine's time zone data (schedules are checked when set, so the data
                // changed) must not leave every team after it unplanned: that team keeps the plan it has.
                LogUnknownZone(listed.TeamId, listed.TimeZone);
            }
        }

        foreach (var cycle in open)
        {
            await EnsureCycleJobsAsync(cycle, cancellationToken);
        }

        foreach (var programId in programs)
        {
            if (starting && rebuildAtStart && await MissedDigestSlot(programId, cancellationToken) is { } missed)
            {
                PutDigest(programId, missed.Slot, missed.At, keepCurrent: false);
                continue;
            }

            await ProgramChangedAsync(programId, cancellationToken);
        }
    }

    private async Task SyncTeamAsync(long teamId, bool starting, CancellationToken cancellationToken)
    {
        if (starting && rebuildAtStart && await ActiveScheduleAsync(teamId, cancellationToken) is { } schedule
            && await MissedSlot(schedule, cancellationToken) is { } missed)
        {
            PutOpen(schedule, missed, keepCurrent: false);
            return;
        }

        await TeamChangedAsync(teamId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Team {TeamId}'s check-in schedule names the time zone {Zone}, which this machine's time zone data does not know: its next check-in is not planned; set the schedule again with a known zone")]
    private partial void LogUnknownZone(long teamId, string zone);

    /// <summary>
    /// The digest slot a program missed while the (embedded) scheduler was down: the latest one that has started, when the
    /// program has published before and not since that slot. It runs at once; ScheduledDigest then publishes the latest
    /// complete week not yet published, or nothing.
    /// </summary>
    private async Task<(WeeklySlot Slot, DateTimeOffset At)?> MissedDigestSlot(long programId, CancellationToken cancellationToken)
    {
        if (await DigestSlotAsync(programId, cancellationToken) is not { } slot)
        {
            return null;
        }

        var latest = CheckInClock.PreviousSlot(
            new CheckInSchedule { TeamId = 0, Day = slot.Day, LocalTime = slot.LocalTime, TimeZone = slot.TimeZone, WindowMinutes = 0, ReminderMinutesBeforeClose = 0 },
            time.GetUtcNow()).OpensAt;
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.DigestSnapshots.ListAsync(programId, 1, cancellationToken) is [var last, ..] && last.CreatedAt < latest ? (slot, latest) : null;
    }

    /// <summary>
    /// The slot a team missed while the (embedded) scheduler was down: the latest slot that has started, when it started
    /// after the schedule was last set, paused or resumed (an earlier slot was never planned) and its week has no cycle.
    /// </summary>
    private async Task<CheckInSlot?> MissedSlot(CheckInSchedule schedule, CancellationToken cancellationToken)
    {
        var latest = calendar.Previous(schedule, time.GetUtcNow());
        if (latest.OpensAt <= schedule.UpdatedAt)
        {
            return null;
        }

        await using var session = await store.BeginAsync(cancellationToken);
        return await session.CheckIns.FindCycleAsync(schedule.TeamId, latest.WeekOf, cancellationToken) is null ? latest : null;
    }

    private void PutOpen(CheckInSchedule schedule, CheckInSlot slot, bool keepCurrent)
    {
        var spec = SpecOf(schedule);
        var teamId = schedule.TeamId;
        var week = CheckInJobKeys.Week(slot.WeekOf);
        var job = Job.FromExpression<OpenCycleJob>(j => j.RunAsync(teamId, spec, week, slot.OpensAt, slot.RemindAt, slot.ClosesAt, CancellationToken.None));
        plans.Put(CheckInJobKeys.Open(teamId), spec, slot.OpensAt, job, keepCurrent ? Current(spec, slot.OpensAt) : null);
    }

    private void PutDigest(long programId, WeeklySlot slot, DateTimeOffset at, bool keepCurrent)
    {
        var spec = SpecOf(slot);
        var job = Job.FromExpression<DigestSlotJob>(j => j.RunAsync(programId, at, CancellationToken.None));
        plans.Put(CheckInJobKeys.Digest(programId), spec, at, job, keepCurrent ? Current(spec, at) : null);
    }

    /// <summary>
    /// A plan made from the same spec is kept while its job is still to run and either is due (a pending late run must
    /// still happen once) or already points at the desired instant; anything else is re-planned.
    /// </summary>
    private Func<JobPlans.Plan, bool> Current(string spec, DateTimeOffset desired) =>
        plan => plan.Spec == spec && JobPlans.IsPending(plan) && (plan.DueAt <= time.GetUtcNow() || plan.DueAt == desired);

    private static Func<JobPlans.Plan, bool> SameAndPending(string spec) => plan => plan.Spec == spec && JobPlans.IsPending(plan);

    private static string Spec(CheckInCycle cycle) => string.Create(
        CultureInfo.InvariantCulture, $"{cycle.RemindAt.ToUnixTimeMilliseconds()}|{cycle.ClosesAt.ToUnixTimeMilliseconds()}");

    private async Task<CheckInSchedule?> ActiveScheduleAsync(long teamId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var team = await session.Teams.GetAsync(teamId, cancellationToken);
        return team is { Paused: false } ? await session.Teams.GetScheduleAsync(teamId, cancellationToken) : null;
    }

    private async Task<WeeklySlot?> DigestSlotAsync(long programId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var slot = (await session.Programs.GetAsync(programId, cancellationToken))?.DigestSlot;
        return slot is not null && Core.CheckIns.TimeZones.TryResolve(slot.TimeZone, out _, out _) ? slot : null;
    }
}
