using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Closes a cycle at the end of its window. Answers that arrive later are still kept, marked late. When this
/// was the last open cycle of the program's week, hands the week to the digest (<see cref="DigestHandOff"/>).
/// </summary>
public sealed class CloseCycle(IStatusBotStore store, DigestHandOff digest, TimeProvider time)
{
    /// <summary>True if this call closed the cycle (false when it was closed already or is gone).</summary>
    public async Task<bool> CloseAsync(long cycleId, CancellationToken cancellationToken)
    {
        long programId;
        CheckInCycle cycle;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var found = await session.CheckIns.GetCycleAsync(cycleId, cancellationToken);
            var team = found is null ? null : await session.Teams.GetAsync(found.TeamId, cancellationToken);
            if (found is null || team is null || !await session.CheckIns.CloseCycleAsync(cycleId, time.GetUtcNow(), cancellationToken))
            {
                return false;
            }

            await session.CommitAsync(cancellationToken);
            cycle = found;
            programId = team.ProgramId;
        }

        // Checked after the commit, in a new transaction: two teams closing at the same moment on two instances
        // then cannot both miss each other's close (at worst both hand off, and the publisher is idempotent per week).
        await digest.HandOffIfWeekClosedAsync(programId, cycle.WeekOf, cancellationToken);
        return true;
    }
}
