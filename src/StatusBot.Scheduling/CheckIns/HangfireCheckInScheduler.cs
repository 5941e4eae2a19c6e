using System.Globalization;
using Hangfire.Common;
using Microsoft.Extensions.Logging;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Keeps Hangfire's jobs in line with the bot's tables (the source of truth): one delayed job per slot instant that
/// some team's next slot starts at, one per instant that an open cycle is reminded or closed at, one per program for
/// its digest slot, each under a stable plan key (<see cref="JobPlans"/>, <see cref="CheckInJobKeys"/>). Never one per
/// message, nor one per team: the teams of an instant are found in the tables when it fires, and the fan-out to members
/// goes through the outbox.
/// </summary>
/// <remarks>
/// Delayed one-off jobs whose due time is computed by <see cref="CheckInClock"/> (and re-planned after each run) rather
/// than recurring jobs with a <see cref="TimeZoneInfo"/>: each instant is computed from the zone's rules for that very
/// week, so DST changes (including half-hour ones) and the gap/ambiguity rules are the bot's own, tested ones; a
/// reminder and a close belong to one week anyway; a moved schedule is simply another instant; and the job carries its
/// instant in its arguments, so a late or repeated run knows which slot it is for.
/// </remarks>
public sealed partial class HangfireCheckInScheduler(
    JobPlans plans, IStatusBotStore store, ICheckInCalendar calendar, TimeProvider time, bool rebuildAtStart, TimeSpan openAhead, ILogger<HangfireCheckInScheduler> logger) : ICheckInScheduler
{
    /// <summary>How long before its instant an open job runs (<see cref="SchedulingOptions.OpenAhead"/>).</summary>
    public TimeSpan OpenAhead => openAhead;

    /// <summary>What a team's slot is computed from (the misfire policy compares it with the stored schedule).</summary>
    public static string SpecOf(CheckInSchedule schedule) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(int)schedule.Day}|{schedule.LocalTime:HH\\:mm}|{schedule.TimeZone}|{schedule.WindowMinutes}|{schedule.ReminderMinutesBeforeClose}");

    private static string SpecOf(WeeklySlot slot) => string.Create(CultureInfo.InvariantCulture, $"{(int)slot.Day}|{slot.LocalTime:HH\\:mm}|{slot.TimeZone}");

    /// <summary>
    /// The plan that opens the team's next check-in: the job of a missed slot's instant still to run (a late run), or
    /// else of its next slot's instant; null when the team has no active schedule (or one in a zone this machine does not
    /// know), or neither instant is planned.
    /// </summary>
    public async Task<JobPlans.Plan?> OpenPlanAsync(long teamId, CancellationToken cancellationToken)
    {
        if (await ActiveScheduleAsync(teamId, cancellationToken) is not { } schedule || !Core.CheckIns.TimeZones.TryResolve(schedule.TimeZone, out _, out _))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return plans.Get(CheckInJobKeys.Open(calendar.Previous(schedule, now).OpensAt)) is { } missed && JobPlans.IsPending(missed)
            ? missed
            : plans.Get(CheckInJobKeys.Open(calendar.Next(schedule, now).OpensAt));
    }

    /// <summary>The plans of a cycle's reminder and close (shared with every cycle reminded or closed at the same instants).</summary>
    public (JobPlans.Plan? Remind, JobPlans.Plan? Close) CyclePlans(CheckInCycle cycle) =>
        (plans.Get(CheckInJobKeys.Remind(cycle.RemindAt)), plans.Get(CheckInJobKeys.Close(cycle.ClosesAt)));

    /// <summary>The plan of a program's next digest slot.</summary>
    public JobPlans.Plan? DigestPlan(long programId) => plans.Get(CheckInJobKeys.Digest(programId));

    /// <summary>
    /// Plans the instant of the team's next slot, unless it is planned already (by a team of the same instant). A paused
    /// or deleted team, or one whose schedule moved, needs nothing removed: its old instant's job, if any, finds it no
    /// longer due and leaves it alone (another team may share that instant).
    /// </summary>
    public async Task TeamChangedAsync(long teamId, CancellationToken cancellationToken)
    {
        if (await ActiveScheduleAsync(teamId, cancellationToken) is { } schedule)
        {
            PlanOpen(calendar.Next(schedule, time.GetUtcNow()).OpensAt, replace: false);
        }
    }

    /// <summary>
    /// Plans the open job of <paramref name="opensAt"/>, due <see cref="OpenAhead"/> before it. Without
    /// <paramref name="replace"/> a plan whose job is still to run (or running: it opens every team due then) is kept;
    /// with it the job is planned again (one run too early).
    /// </summary>
    public void PlanOpen(DateTimeOffset opensAt, bool replace) =>
        plans.Put(CheckInJobKeys.Open(opensAt), Spec(opensAt), opensAt - openAhead, Job.FromExpression<OpenCheckInsJob>(j => j.RunAsync(opensAt, CancellationToken.None)), replace ? null : JobPlans.IsPending);

    public Task CyclesOpenedAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken)
    {
        // The cycles of one slot share their instants: one plan read (or made) per instant, not per cycle.
        foreach (var remindAt in cycles.Select(c => c.RemindAt).Distinct())
        {
            plans.Put(CheckInJobKeys.Remind(remindAt), Spec(remindAt), remindAt, Job.FromExpression<SendRemindersJob>(j => j.RunAsync(remindAt, CancellationToken.None)), JobPlans.IsPending);
        }

        foreach (var closesAt in cycles.Select(c => c.ClosesAt).Distinct())
        {
            plans.Put(CheckInJobKeys.Close(closesAt), Spec(closesAt), closesAt, Job.FromExpression<CloseCyclesJob>(j => j.RunAsync(closesAt, CancellationToken.None)), JobPlans.IsPending);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Gives open cycles their reminder and close again when the close job of their instant is missing or finished
    /// while they are still open: the process that opened them died between committing and planning, or the embedded
    /// store started empty. A missed reminder or close then runs at once; both are idempotent.
    /// </summary>
    public async Task EnsureCycleJobsAsync(IReadOnlyList<CheckInCycle> open, CancellationToken cancellationToken)
    {
        var unplanned = open
            .GroupBy(c => c.ClosesAt)
            .Where(g => plans.Get(CheckInJobKeys.Close(g.Key)) is not { } close || !JobPlans.IsPending(close))
            .SelectMany(g => g)
            .ToList();
        if (unplanned.Count > 0)
        {
            await CyclesOpenedAsync(unplanned, cancellationToken);
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
    /// Brings every job in line with the tables: the instant of each active team's next slot (a planned job is left
    /// alone, and a job of an instant missed while everyone was down still runs once), the reminder and close instants
    /// of the open cycles, each program's digest slot. With <paramref name="starting"/> on the embedded store, whose jobs did not survive the restart, a slot
    /// that came due while the process was down is found in the tables and queued: see <see cref="MissedSlot"/>.
    /// </summary>
    public async Task SyncAllAsync(bool starting, CancellationToken cancellationToken)
    {
        IReadOnlyList<CheckInSchedule> active;
        IReadOnlyList<CheckInCycle> open;
        IReadOnlyList<long> programs;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            active = (await ActiveSchedules.ReadAsync(session, cancellationToken)).Select(a => a.Schedule).ToList();
            open = await session.CheckIns.ListOpenCyclesAsync(cancellationToken);
            programs = await session.CheckIns.ListProgramsWithDigestSlotAsync(cancellationToken);
        }

        // One plan per distinct instant: the two thousand teams of a Monday 09:00 are one plan read at each sync.
        var instants = new HashSet<DateTimeOffset>();
        var now = time.GetUtcNow();
        foreach (var schedule in active)
        {
            try
            {
                _ = instants.Add(starting && rebuildAtStart && await MissedSlot(schedule, cancellationToken) is { } missed
                    ? missed.OpensAt // queued at once (its instant has passed); the run plans the team's next slot
                    : calendar.Next(schedule, now).OpensAt);
            }
            catch (UnknownTimeZoneException)
            {
                // One team's zone unknown to this machine's time zone data (schedules are checked when set, so the data
                // changed) must not leave every team after it unplanned.
                LogUnknownZone(schedule.TeamId, schedule.TimeZone);
            }
        }

        foreach (var instant in instants)
        {
            PlanOpen(instant, replace: false);
        }

        await EnsureCycleJobsAsync(open, cancellationToken);

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

    private void PutDigest(long programId, WeeklySlot slot, DateTimeOffset at, bool keepCurrent)
    {
        var spec = SpecOf(slot);
        var job = Job.FromExpression<DigestSlotJob>(j => j.RunAsync(programId, at, CancellationToken.None));
        plans.Put(CheckInJobKeys.Digest(programId), spec, at, job, keepCurrent ? Current(spec, at) : null);
    }

    /// <summary>A digest plan made from the same slot is kept while its job is still to run and either is due (a pending late run must still happen once) or already points at the desired instant.</summary>
    private Func<JobPlans.Plan, bool> Current(string spec, DateTimeOffset desired) =>
        plan => plan.Spec == spec && JobPlans.IsPending(plan) && (plan.DueAt <= time.GetUtcNow() || plan.DueAt == desired);

    private static string Spec(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

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
