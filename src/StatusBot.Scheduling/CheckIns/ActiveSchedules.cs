using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>A schedule whose team runs check-ins (exists, not paused), with the team's program.</summary>
public sealed record ActiveSchedule(CheckInSchedule Schedule, long ProgramId);

/// <summary>The schedules the scheduler acts on: what the sync plans instants for, and what an instant's job may open.</summary>
internal static class ActiveSchedules
{
    /// <summary>Two reads, whatever the number of teams: the schedules, then their teams.</summary>
    public static async Task<IReadOnlyList<ActiveSchedule>> ReadAsync(IStoreSession session, CancellationToken cancellationToken)
    {
        var schedules = await session.CheckIns.ListSchedulesAsync(cancellationToken);
        var programOf = (await session.Teams.GetManyAsync(schedules.Select(s => s.TeamId).ToArray(), cancellationToken))
            .Where(t => !t.Paused)
            .ToDictionary(t => t.Id, t => t.ProgramId);
        return schedules.Where(s => programOf.ContainsKey(s.TeamId)).Select(s => new ActiveSchedule(s, programOf[s.TeamId])).ToList();
    }
}
