using System.Globalization;
using Quartz;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Keeps Quartz's triggers in line with the bot's tables (the source of truth): one one-off trigger per team for
/// its next slot, one per open cycle for its reminder and one for its close, one per program for its digest slot.
/// Never one per message: the fan-out to members goes through the outbox.
/// </summary>
/// <remarks>
/// One-off triggers whose start time is computed by <see cref="CheckInClock"/> (and re-planned after each fire)
/// rather than calendar-interval triggers: each instant is computed from the zone's rules for that very week, so
/// DST changes (including half-hour ones) and the gap/ambiguity rules are the bot's own, tested ones, and a moved
/// schedule is simply a replaced trigger. Every trigger misfires with <c>FireNow</c>: a slot missed while every
/// instance was down fires once when one comes back (see <see cref="TeamSlotRunner"/> for the catch-up rule).
/// </remarks>
public sealed class QuartzCheckInScheduler(ISchedulerFactory factory, IStatusBotStore store, ICheckInCalendar calendar, TimeProvider time) : ICheckInScheduler
{
    /// <summary>What a trigger was planned from; a trigger whose spec differs from the stored schedule is re-planned.</summary>
    public static string SpecOf(CheckInSchedule schedule) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(int)schedule.Day}|{schedule.LocalTime:HH\\:mm}|{schedule.TimeZone}|{schedule.WindowMinutes}|{schedule.ReminderMinutesBeforeClose}");

    private static string SpecOf(WeeklySlot slot) => string.Create(CultureInfo.InvariantCulture, $"{(int)slot.Day}|{slot.LocalTime:HH\\:mm}|{slot.TimeZone}");

    public async Task TeamChangedAsync(long teamId, CancellationToken cancellationToken)
    {
        CheckInSchedule? schedule;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var team = await session.Teams.GetAsync(teamId, cancellationToken);
            schedule = team is { Paused: false } ? await session.Teams.GetScheduleAsync(teamId, cancellationToken) : null;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = new JobKey(CheckInJobKeys.Team(teamId), CheckInJobKeys.OpenGroup);
        if (schedule is null)
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }

        var desired = calendar.Next(schedule, time.GetUtcNow());
        if (await IsCurrent(scheduler, new TriggerKey(key.Name, key.Group), SpecOf(schedule), desired.OpensAt, cancellationToken))
        {
            return;
        }

        await PutOpen(scheduler, schedule, desired, cancellationToken);
    }

    /// <summary>Plans the team's next slot after <paramref name="after"/>; called by the open job once it has run.</summary>
    public async Task ScheduleNextOpenAsync(CheckInSchedule schedule, DateTimeOffset after, CancellationToken cancellationToken) =>
        await PutOpen(await factory.GetScheduler(cancellationToken), schedule, calendar.Next(schedule, after), cancellationToken);

    public async Task CycleOpenedAsync(CheckInCycle cycle, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await PutOneOff<SendRemindersJob>(scheduler, new JobKey(CheckInJobKeys.Cycle(cycle.Id), CheckInJobKeys.RemindGroup), cycle.RemindAt, CheckInJobKeys.CycleId, cycle.Id, cancellationToken);
        await PutOneOff<CloseCycleJob>(scheduler, new JobKey(CheckInJobKeys.Cycle(cycle.Id), CheckInJobKeys.CloseGroup), cycle.ClosesAt, CheckInJobKeys.CycleId, cycle.Id, cancellationToken);
    }

    /// <summary>
    /// Adds the reminder and close of an open cycle when its close trigger is missing: the process that opened it
    /// died (or was shutting down) between committing the cycle and scheduling them. A missed reminder or close then
    /// fires at once; both are idempotent.
    /// </summary>
    public async Task EnsureCycleTriggersAsync(CheckInCycle cycle, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(new TriggerKey(CheckInJobKeys.Cycle(cycle.Id), CheckInJobKeys.CloseGroup), cancellationToken))
        {
            await CycleOpenedAsync(cycle, cancellationToken);
        }
    }

    public async Task ProgramChangedAsync(long programId, CancellationToken cancellationToken)
    {
        WeeklySlot? slot;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            slot = (await session.Programs.GetAsync(programId, cancellationToken))?.DigestSlot;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = new JobKey(CheckInJobKeys.Program(programId), CheckInJobKeys.DigestGroup);
        if (slot is null || !Core.CheckIns.TimeZones.TryResolve(slot.TimeZone, out _, out _))
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }

        var desired = calendar.NextDigest(slot, time.GetUtcNow());
        if (await IsCurrent(scheduler, new TriggerKey(key.Name, key.Group), SpecOf(slot), desired.OpensAt, cancellationToken))
        {
            return;
        }

        var job = JobBuilder.Create<DigestSlotJob>().WithIdentity(key).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            .StartAt(desired.OpensAt)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .UsingJobData(CheckInJobKeys.ProgramId, programId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(CheckInJobKeys.Spec, SpecOf(slot))
            .UsingJobData(CheckInJobKeys.WeekOf, desired.WeekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>
    /// Brings every trigger in line with the tables, at start: each team's next slot (a trigger that is already
    /// planned from the same schedule is left alone, so a slot missed while everyone was down still fires once),
    /// each open cycle's reminder and close, each program's digest slot.
    /// </summary>
    public async Task SyncAllAsync(CancellationToken cancellationToken)
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

        foreach (var schedule in schedules)
        {
            await TeamChangedAsync(schedule.TeamId, cancellationToken);
        }

        foreach (var cycle in open)
        {
            await EnsureCycleTriggersAsync(cycle, cancellationToken);
        }

        foreach (var programId in programs)
        {
            await ProgramChangedAsync(programId, cancellationToken);
        }
    }

    private async Task PutOpen(IScheduler scheduler, CheckInSchedule schedule, CheckInSlot slot, CancellationToken cancellationToken)
    {
        var key = new JobKey(CheckInJobKeys.Team(schedule.TeamId), CheckInJobKeys.OpenGroup);
        var job = JobBuilder.Create<OpenCycleJob>().WithIdentity(key).RequestRecovery(true).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            .StartAt(slot.OpensAt)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .UsingJobData(CheckInJobKeys.TeamId, schedule.TeamId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(CheckInJobKeys.Spec, SpecOf(schedule))
            .UsingJobData(CheckInJobKeys.WeekOf, slot.WeekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .UsingJobData(CheckInJobKeys.OpensAt, slot.OpensAt.ToString("O", CultureInfo.InvariantCulture))
            .UsingJobData(CheckInJobKeys.RemindAt, slot.RemindAt.ToString("O", CultureInfo.InvariantCulture))
            .UsingJobData(CheckInJobKeys.ClosesAt, slot.ClosesAt.ToString("O", CultureInfo.InvariantCulture))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    private async Task PutOneOff<TJob>(IScheduler scheduler, JobKey key, DateTimeOffset at, string dataKey, long id, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(key).RequestRecovery(true).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            .StartAt(at)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .UsingJobData(dataKey, id.ToString(CultureInfo.InvariantCulture))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>
    /// A stored trigger planned from the same spec is kept when it is due (a pending misfire must still fire once)
    /// or already points at the desired instant; anything else is re-planned.
    /// </summary>
    private async Task<bool> IsCurrent(IScheduler scheduler, TriggerKey key, string spec, DateTimeOffset desired, CancellationToken cancellationToken)
    {
        var existing = await scheduler.GetTrigger(key, cancellationToken);
        if (existing is null || !existing.JobDataMap.TryGetValue(CheckInJobKeys.Spec, out var storedSpec) || storedSpec?.ToString() != spec)
        {
            return false;
        }

        return existing.NextFireTimeUtc is { } next && (next <= time.GetUtcNow() || next == desired);
    }
}
