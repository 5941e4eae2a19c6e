using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Logging;
using StatusBot.Core.CheckIns;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>Plan keys shared by <see cref="HangfireCheckInScheduler"/> and the reconciliation.</summary>
internal static class CheckInJobKeys
{
    public static string Open(long teamId) => $"checkin-open:team-{teamId}";

    public static string Remind(long cycleId) => $"checkin-remind:cycle-{cycleId}";

    public static string Close(long cycleId) => $"checkin-close:cycle-{cycleId}";

    public static string Digest(long programId) => $"digest:program-{programId}";

    public static string Week(DateOnly weekOf) => weekOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Hangfire may start a delayed job up to a second before its due time (due times are stored in whole seconds). A job
/// takes its slot from its arguments, never from "now", and waits out such an early start; a job run far ahead of time
/// (an operator's "enqueue now" on the dashboard) does nothing, and the reconciliation plans it again.
/// </summary>
internal static class EarlyStart
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    public static async Task<bool> WaitUntilDueAsync(TimeProvider time, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var early = dueAt - time.GetUtcNow();
        if (early > Tolerance)
        {
            return false;
        }

        // A timer may fire a little before the wall clock reaches the due instant (timers tick in milliseconds, the
        // clock in ticks): wait again until the clock agrees, so the job never sees itself as early after waiting.
        while (early > TimeSpan.Zero)
        {
            await Task.Delay(early < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : early, time, cancellationToken);
            early = dueAt - time.GetUtcNow();
        }

        return true;
    }
}

/// <summary>A team's weekly slot: opens the cycle (catching up a missed one) and plans the next slot.</summary>
public sealed class OpenCycleJob(TeamSlotRunner runner, TimeProvider time)
{
    [DisplayName("Open the check-in of team {0}, week of {2}")]
    public async Task RunAsync(long teamId, string spec, string weekOf, DateTimeOffset opensAt, DateTimeOffset remindAt, DateTimeOffset closesAt, CancellationToken cancellationToken)
    {
        var slot = new CheckInSlot(DateOnly.ParseExact(weekOf, "yyyy-MM-dd", CultureInfo.InvariantCulture), opensAt, remindAt, closesAt);

        // Far ahead of its time (an operator's "enqueue now"), MisfirePolicy opens only the latest slot that has started.
        _ = await EarlyStart.WaitUntilDueAsync(time, opensAt, cancellationToken);
        await runner.RunAsync(teamId, new PlannedSlot(spec, slot), cancellationToken);
    }
}

/// <summary>A cycle's reminder: one reminder to each member who has not answered.</summary>
public sealed class SendRemindersJob(SendReminders reminders, TimeProvider time, ILogger<SendRemindersJob> logger)
{
    [DisplayName("Remind the members of cycle {0}")]
    public async Task RunAsync(long cycleId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (!await EarlyStart.WaitUntilDueAsync(time, dueAt, cancellationToken))
        {
            logger.LogWarning("Reminder of cycle {CycleId} run before {DueAt}: nothing sent, it stays planned", cycleId, dueAt);
            return;
        }

        await reminders.SendAsync(cycleId, cancellationToken);
    }
}

/// <summary>A cycle's close at the end of its window (and the digest hand-off when the week is complete).</summary>
public sealed class CloseCycleJob(CloseCycle close, TimeProvider time, ILogger<CloseCycleJob> logger)
{
    [DisplayName("Close cycle {0}")]
    public async Task RunAsync(long cycleId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (!await EarlyStart.WaitUntilDueAsync(time, dueAt, cancellationToken))
        {
            logger.LogWarning("Close of cycle {CycleId} run before {DueAt}: not closed, it stays planned", cycleId, dueAt);
            return;
        }

        await close.CloseAsync(cycleId, cancellationToken);
    }
}

/// <summary>A program's digest slot: publishes the latest complete week and plans the next slot.</summary>
public sealed class DigestSlotJob(DigestSlotRunner runner, TimeProvider time)
{
    [DisplayName("Digest slot of program {0}")]
    public async Task RunAsync(long programId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (await EarlyStart.WaitUntilDueAsync(time, dueAt, cancellationToken))
        {
            await runner.RunAsync(programId, dueAt, cancellationToken);
        }
    }
}

/// <summary>The slot an open job was planned for, from its arguments.</summary>
public sealed record PlannedSlot(string Spec, CheckInSlot Slot);
