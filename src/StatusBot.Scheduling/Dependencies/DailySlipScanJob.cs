using Hangfire;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Blockers;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.Dependencies;

/// <summary>
/// The daily slip scan: time alone makes dependencies slip (need-by passes with no answer in between), so every
/// program is re-evaluated once a day, and blockers that have aged past the threshold are escalated.
/// Each program runs in its own unit of work, so one program's failure neither rolls back nor stops the others.
/// Planned daily by <see cref="DailySlipScanSchedule"/> (a recurring job on PostgreSQL, an in-process timer that queues this
/// job on the embedded store); one run at a time across the cluster.
/// </summary>
public sealed partial class DailySlipScanJob(
    IStatusBotStore store,
    IDependencyEvaluator evaluator,
    EscalateBlockers escalateBlockers,
    TimeProvider time,
    ILogger<DailySlipScanJob> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [System.ComponentModel.DisplayName("Daily slip scan")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<long> programIds;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            programIds = await session.History.ListProgramIdsAsync(cancellationToken);
        }

        // Blockers are aged up to the week after UTC's: a team far east of UTC (Kiritimati, UTC+14) is already in it, and
        // a later bound counts nothing extra for the others (no cycle exists before its slot has opened).
        var week = BlockerAge.MondayOf(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).AddDays(7);
        var failed = 0;
        foreach (var programId in programIds)
        {
            try
            {
                // Run again on fresh reads if an answer or a command changed one of the program's dependencies meanwhile.
                var (changes, escalated) = await store.RunAsync(
                    async session => (
                        await evaluator.EvaluateAsync(session, programId, cancellationToken),
                        await escalateBlockers.EscalateAsync(session, programId, week, cancellationToken)),
                    cancellationToken);
                LogScanned(programId, changes.Count, escalated.Count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed++;
                LogFailed(exception, programId);
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"The slip scan failed for {failed} of {programIds.Count} programs; see the log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slip scan of program {ProgramId}: {Changes} state changes, {Escalated} escalated blockers")]
    private partial void LogScanned(long programId, int changes, int escalated);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slip scan of program {ProgramId} failed")]
    private partial void LogFailed(Exception exception, long programId);
}
