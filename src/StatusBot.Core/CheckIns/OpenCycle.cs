using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Opens a team's cycle for a slot: snapshots who to ask (active members not on leave that day) and queues their
/// prompts in the same transaction. Idempotent per (team, week): a second opener (another scheduler instance, a
/// "start now" after the slot fired) gets the existing cycle and prompts nobody.
/// </summary>
public sealed class OpenCycle(IStatusBotStore store, PromptMembers prompts, ICheckInScheduler scheduler)
{
    public async Task<OpenCycleResult> OpenAsync(CheckInSchedule schedule, CheckInSlot slot, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Resolve(schedule.TimeZone);
        OpenCycleResult result;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var team = await session.Teams.GetAsync(schedule.TeamId, cancellationToken);
            if (team is null)
            {
                return OpenCycleResult.NotOpened("the team no longer exists");
            }

            if (team.Paused)
            {
                return OpenCycleResult.NotOpened($"{team.Name} is paused; resume it to start check-ins again");
            }

            var skipped = await session.Teams.ListSkippedWeeksAsync(team.Id, cancellationToken);
            if (skipped.FirstOrDefault(w => w.WeekOf == slot.WeekOf) is { } skip)
            {
                return OpenCycleResult.NotOpened($"{team.Name} skips the week of {slot.WeekOf:yyyy-MM-dd}{(skip.Reason is { Length: > 0 } r ? $" ({r})" : string.Empty)}");
            }

            var (cycle, created) = await session.CheckIns.OpenCycleAsync(
                new CheckInCycle { TeamId = team.Id, WeekOf = slot.WeekOf, OpensAt = slot.OpensAt, RemindAt = slot.RemindAt, ClosesAt = slot.ClosesAt },
                cancellationToken);
            if (!created)
            {
                return new OpenCycleResult(cycle, false, 0, null);
            }

            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(slot.OpensAt, zone).DateTime);
            // A few statements whatever the team's size: one read of who to ask, multi-row writes of members and prompts.
            var members = await session.CheckIns.ListAskableMembersAsync(team.Id, day, cancellationToken);
            await session.CheckIns.AddCycleMembersAsync(cycle.Id, members.Select(p => p.Id).ToList(), cancellationToken);
            var prompted = await prompts.EnqueueAsync(session, cycle, team, members, cancellationToken);
            await session.CommitAsync(cancellationToken);
            result = new OpenCycleResult(cycle, true, prompted, null);
        }

        // After the commit: a scheduler failure here is repaired by the start-up sync, which covers every open cycle.
        await scheduler.CycleOpenedAsync(result.Cycle!, cancellationToken);
        return result;
    }
}

/// <param name="Cycle">The week's cycle (new or existing); null when none was opened.</param>
/// <param name="Opened">True only for the call that created the cycle.</param>
/// <param name="NotOpenedReason">Why no cycle was opened (paused, skipped week, team gone).</param>
public sealed record OpenCycleResult(CheckInCycle? Cycle, bool Opened, int Prompted, string? NotOpenedReason)
{
    public static OpenCycleResult NotOpened(string reason) => new(null, false, 0, reason);
}
