using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>The check-in engine's service calls for the command layer (which checks authorization first).</summary>
public sealed class CheckInOperations(
    IStatusBotStore store,
    OpenCycle openCycle,
    SendReminders reminders,
    RecordAnswer recordAnswer,
    ICheckInScheduler scheduler,
    TimeProvider time) : ICheckInOperations
{
    /// <summary>Used for a team that has no schedule yet: a 24-hour window from now, weeks counted in UTC.</summary>
    public static CheckInSchedule DefaultSchedule(long teamId) => new()
    {
        TeamId = teamId,
        Day = DayOfWeek.Monday,
        LocalTime = new TimeOnly(9, 0),
        TimeZone = "Etc/UTC",
    };

    public async Task<CycleStartResult> StartNowAsync(long teamId, CancellationToken cancellationToken)
    {
        CheckInSchedule schedule;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            _ = await session.Teams.GetAsync(teamId, cancellationToken) ?? throw new CheckInRefusedException($"There is no team #{teamId}.");
            schedule = await session.Teams.GetScheduleAsync(teamId, cancellationToken) ?? DefaultSchedule(teamId);
        }

        var result = await openCycle.OpenAsync(schedule, CheckInClock.StartingAt(schedule, time.GetUtcNow()), cancellationToken);
        return result.Cycle is { } cycle
            ? new CycleStartResult(cycle, result.Opened, result.Prompted)
            : throw new CheckInRefusedException(result.NotOpenedReason ?? "The check-in could not be started.");
    }

    public async Task<int> RemindNowAsync(long teamId, CancellationToken cancellationToken)
    {
        CheckInCycle? cycle;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var team = await session.Teams.GetAsync(teamId, cancellationToken) ?? throw new CheckInRefusedException($"There is no team #{teamId}.");
            cycle = await session.CheckIns.FindLatestCycleAsync(teamId, cancellationToken);
            if (cycle is not { State: CycleState.Open })
            {
                throw new CheckInRefusedException($"{team.Name} has no open check-in to remind people of; start one first.");
            }
        }

        return await reminders.SendAsync(cycle.Id, cancellationToken);
    }

    public Task ScheduleChangedAsync(long teamId, CancellationToken cancellationToken) => scheduler.TeamChangedAsync(teamId, cancellationToken);

    public Task DigestScheduleChangedAsync(long programId, CancellationToken cancellationToken) => scheduler.ProgramChangedAsync(programId, cancellationToken);

    public Task<AnswerOutcome> RecordAnswerAsync(AnswerSubmission submission, CancellationToken cancellationToken) =>
        recordAnswer.RecordAsync(submission, cancellationToken);
}
