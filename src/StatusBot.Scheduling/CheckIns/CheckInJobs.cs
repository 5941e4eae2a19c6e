using Quartz;
using StatusBot.Core.CheckIns;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>Job keys and job-data names shared by <see cref="QuartzCheckInScheduler"/> and the jobs.</summary>
internal static class CheckInJobKeys
{
    public const string OpenGroup = "checkin-open";
    public const string RemindGroup = "checkin-remind";
    public const string CloseGroup = "checkin-close";
    public const string DigestGroup = "digest";

    public const string TeamId = "teamId";
    public const string CycleId = "cycleId";
    public const string ProgramId = "programId";
    public const string Spec = "spec";
    public const string WeekOf = "weekOf";
    public const string OpensAt = "opensAt";
    public const string RemindAt = "remindAt";
    public const string ClosesAt = "closesAt";

    public static string Team(long id) => $"team-{id}";

    public static string Cycle(long id) => $"cycle-{id}";

    public static string Program(long id) => $"program-{id}";

    public static string? Read(IJobExecutionContext context, string key) =>
        context.MergedJobDataMap.TryGetValue(key, out var value) ? value?.ToString() : null;

    public static long ReadId(IJobExecutionContext context, string key) =>
        long.Parse(Read(context, key) ?? throw new InvalidOperationException($"Job data '{key}' is missing"), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A team's weekly slot: opens the cycle (catching up a missed one) and schedules the next slot.</summary>
public sealed class OpenCycleJob(TeamSlotRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(CheckInJobKeys.ReadId(context, CheckInJobKeys.TeamId), PlannedSlot.From(context), cancellationToken);
}

/// <summary>A cycle's reminder: one reminder to each member who has not answered.</summary>
public sealed class SendRemindersJob(SendReminders reminders) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.SendAsync(CheckInJobKeys.ReadId(context, CheckInJobKeys.CycleId), cancellationToken);
}

/// <summary>A cycle's close at the end of its window (and the digest hand-off when the week is complete).</summary>
public sealed class CloseCycleJob(CloseCycle close) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await close.CloseAsync(CheckInJobKeys.ReadId(context, CheckInJobKeys.CycleId), cancellationToken);
}

/// <summary>A program's digest slot: publishes the latest complete week and schedules the next slot.</summary>
public sealed class DigestSlotJob(DigestSlotRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(CheckInJobKeys.ReadId(context, CheckInJobKeys.ProgramId), cancellationToken);
}

/// <summary>The slot a trigger was planned for, as stored in its job data when it was scheduled.</summary>
public sealed record PlannedSlot(string Spec, CheckInSlot Slot)
{
    internal static PlannedSlot? From(IJobExecutionContext context)
    {
        var spec = CheckInJobKeys.Read(context, CheckInJobKeys.Spec);
        var week = CheckInJobKeys.Read(context, CheckInJobKeys.WeekOf);
        var opens = CheckInJobKeys.Read(context, CheckInJobKeys.OpensAt);
        var remind = CheckInJobKeys.Read(context, CheckInJobKeys.RemindAt);
        var closes = CheckInJobKeys.Read(context, CheckInJobKeys.ClosesAt);
        if (spec is null || week is null || opens is null || remind is null || closes is null)
        {
            return null;
        }

        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return new PlannedSlot(spec, new CheckInSlot(DateOnly.Parse(week, culture), DateTimeOffset.Parse(opens, culture), DateTimeOffset.Parse(remind, culture), DateTimeOffset.Parse(closes, culture)));
    }
}
