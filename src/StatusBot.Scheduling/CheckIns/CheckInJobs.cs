using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Logging;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Plan keys shared by <see cref="HangfireCheckInScheduler"/> and the jobs. Check-in timers are keyed by their instant,
/// not by team or cycle: every team whose slot starts at one instant (a Monday 09:00 of two thousand teams) shares one
/// open job, and every cycle reminded or closed at one instant one reminder or close job.
/// </summary>
internal static class CheckInJobKeys
{
    public static string Open(DateTimeOffset at) => "checkin-open:at-" + Milliseconds(at);

    public static string Remind(DateTimeOffset at) => "checkin-remind:at-" + Milliseconds(at);

    public static string Close(DateTimeOffset at) => "checkin-close:at-" + Milliseconds(at);

    public static string Digest(long programId) => $"digest:program-{programId}";

    /// <summary>
    /// Instants are keyed to the millisecond: the stores keep microseconds, a job's argument keeps ticks, and a cycle
    /// read back must still match the job planned from it before it was stored.
    /// </summary>
    public static bool SameInstant(DateTimeOffset stored, DateTimeOffset planned) => stored.ToUnixTimeMilliseconds() == planned.ToUnixTimeMilliseconds();

    private static string Milliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
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

/// <summary>A slot instant: opens the cycle of every team whose slot starts then (catching up a missed one), plans their next slots.</summary>
public sealed class OpenCheckInsJob(SlotRunner runner, HangfireCheckInScheduler scheduler, TimeProvider time, ILogger<OpenCheckInsJob> logger)
{
    [DisplayName("Open the check-ins due at {0:u}")]
    public async Task RunAsync(DateTimeOffset opensAt, CancellationToken cancellationToken)
    {
        // Due OpenAhead before the instant: the prompts are queued to go at the instant itself (OpenCycle).
        if (!await EarlyStart.WaitUntilDueAsync(time, opensAt - scheduler.OpenAhead, cancellationToken))
        {
            // An operator's "enqueue now" on the dashboard: the slot has not started; it stays planned for its time.
            logger.LogWarning("Check-ins due at {OpensAt:O} run before their time: nothing opened, they stay planned", opensAt);
            scheduler.PlanOpen(opensAt, replace: true);
            return;
        }

        await runner.RunAsync(opensAt, cancellationToken);
    }
}

/// <summary>A reminder instant: one reminder to each member who has not answered, in every open cycle reminded then.</summary>
public sealed class SendRemindersJob(IStatusBotStore store, SendReminders reminders, TimeProvider time, ILogger<SendRemindersJob> logger)
{
    [DisplayName("Remind the members of the cycles due a reminder at {0:u}")]
    public async Task RunAsync(DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (!await EarlyStart.WaitUntilDueAsync(time, dueAt, cancellationToken))
        {
            logger.LogWarning("Reminders due at {DueAt:O} run before their time: nothing sent, they stay planned", dueAt);
            return;
        }

        await CycleInstant.ForEachAsync(store, c => CheckInJobKeys.SameInstant(c.RemindAt, dueAt), reminders.SendAsync, logger, "remind", cancellationToken);
    }

    /// <summary>A cycle's reminder as planned by releases before instant jobs (see LegacyJobs.cs): runs the reminder's instant.</summary>
    [DisplayName("Remind the members of cycle {0} (planned by an earlier release)")]
    public Task RunAsync(long cycleId, DateTimeOffset dueAt, CancellationToken cancellationToken) => RunAsync(dueAt, cancellationToken);
}

/// <summary>A close instant: closes every open cycle whose window ends then (and hands complete weeks to the digest).</summary>
public sealed class CloseCyclesJob(IStatusBotStore store, CloseCycle close, TimeProvider time, ILogger<CloseCyclesJob> logger)
{
    [DisplayName("Close the cycles due at {0:u}")]
    public async Task RunAsync(DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (!await EarlyStart.WaitUntilDueAsync(time, dueAt, cancellationToken))
        {
            logger.LogWarning("Closes due at {DueAt:O} run before their time: nothing closed, they stay planned", dueAt);
            return;
        }

        await CycleInstant.ForEachAsync(store, c => CheckInJobKeys.SameInstant(c.ClosesAt, dueAt), close.CloseAsync, logger, "close", cancellationToken);
    }
}

/// <summary>Runs an instant's work for each open cycle it concerns; one cycle's failure neither stops the others nor goes unnoticed.</summary>
internal static class CycleInstant
{
    public static async Task ForEachAsync(
        IStatusBotStore store, Func<CheckInCycle, bool> due, Func<long, CancellationToken, Task> work, ILogger logger, string what, CancellationToken cancellationToken)
    {
        IReadOnlyList<CheckInCycle> open;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            open = await session.CheckIns.ListOpenCyclesAsync(cancellationToken);
        }

        var failures = new List<Exception>();
        foreach (var cycle in open.Where(due))
        {
            try
            {
                await work(cycle.Id, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Could not {What} cycle {CycleId} (team {TeamId}); the other cycles of the instant go on, the job is retried", what, cycle.Id, cycle.TeamId);
                failures.Add(exception);
            }
        }

        // Hangfire retries the job: the work is idempotent per cycle (a closed cycle is not closed again, a member reminded once).
        if (failures.Count > 0)
        {
            throw new AggregateException($"Could not {what} {failures.Count} cycles", failures);
        }
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

