using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Whether a program's week is complete: every team that is due a cycle in it has closed it, and at least one did (a
/// week nobody checked in is never "complete", so no empty digest is posted for it). A team is due when it has a
/// schedule, is not paused, does not skip the week and its slot of that week has not passed without a cycle (a schedule
/// created mid-week does not hold the week back).
/// </summary>
public sealed class WeekCompletion(TimeProvider time)
{
    public async Task<bool> IsClosedAsync(IStoreSession session, long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
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

    /// <summary>
    /// The program's latest complete week after <paramref name="after"/> (exclusive; null: any), looking back over the
    /// weeks its teams had cycles in up to <paramref name="lookBackWeeks"/> weeks; null when none is complete.
    /// </summary>
    public async Task<DateOnly?> LatestClosedWeekAsync(IStoreSession session, long programId, DateOnly? after, int lookBackWeeks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        // A day beyond UTC's week: teams far east of UTC are already in the next one.
        var until = CheckInClock.MondayOf(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddDays(1)));
        var from = until.AddDays(-7 * lookBackWeeks);
        if (after is { } published && published >= from)
        {
            from = published.AddDays(7);
        }

        var weeks = (await session.History.ListCycleWeeksAsync(programId, from, until, cancellationToken)).Select(w => w.WeekOf).Distinct().OrderDescending();
        foreach (var week in weeks)
        {
            if (await IsClosedAsync(session, programId, week, cancellationToken))
            {
                return week;
            }
        }

        return null;
    }
}

/// <summary>Which week a program is in, for "this week" in <c>status</c> and the digest commands.</summary>
public static class ProgramWeeks
{
    /// <summary>
    /// The week of the program's most recent check-in (its teams' cycles are keyed by their own local weeks), else the
    /// caller's week: near a week boundary a caller in Los Angeles and a team in Kiritimati are a day apart, and "this
    /// week" must be the week the teams' check-ins are in, not the caller's calendar.
    /// </summary>
    public static async Task<DateOnly> CurrentAsync(IStoreSession session, long programId, DateOnly callerWeek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var weeks = await session.History.ListCycleWeeksAsync(programId, callerWeek.AddDays(-7), callerWeek.AddDays(7), cancellationToken);
        return weeks.Count == 0 ? callerWeek : weeks.Max(w => w.WeekOf);
    }
}
