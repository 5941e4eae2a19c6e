using StatusBot.Core.Digests;
using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Calls <see cref="IDigestPublisher.PublishAsync"/> once every team of a program that is due a cycle in a week
/// has closed it. A team is due when it has a schedule, is not paused, does not skip the week and its slot of
/// that week has not passed without a cycle (a schedule created mid-week does not hold the digest back).
/// </summary>
public sealed class DigestHandOff(IStatusBotStore store, IDigestPublisher publisher, TimeProvider time)
{
    /// <summary>True when the week was complete and handed to the digest.</summary>
    public async Task<bool> HandOffIfWeekClosedAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        if (!await IsWeekClosedAsync(programId, weekOf, cancellationToken))
        {
            return false;
        }

        await publisher.PublishAsync(programId, weekOf, cancellationToken);
        return true;
    }

    public async Task<bool> IsWeekClosedAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var session = await store.BeginAsync(cancellationToken);
        var closed = 0;
        foreach (var team in await session.Teams.ListAsync(programId, cancellationToken))
        {
            var cycle = await session.CheckIns.FindCycleAsync(team.Id, weekOf, cancellationToken);
            if (cycle is not null)
            {
                if (cycle.State != CycleState.Closed)
                {
                    return false;
                }

                closed++;
                continue;
            }

            var schedule = await session.Teams.GetScheduleAsync(team.Id, cancellationToken);
            if (schedule is null || team.Paused)
            {
                continue;
            }

            var skipped = await session.Teams.ListSkippedWeeksAsync(team.Id, cancellationToken);
            if (skipped.Any(w => w.WeekOf == weekOf))
            {
                continue;
            }

            if (CheckInClock.SlotOfWeek(schedule, weekOf).OpensAt > now)
            {
                return false; // its slot this week is still to come
            }
        }

        return closed > 0;
    }
}
