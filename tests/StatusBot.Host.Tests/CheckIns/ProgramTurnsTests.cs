using StatusBot.Core.CheckIns;
using StatusBot.Scheduling.CheckIns;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// The teams of a slot instant are opened in turns over their programs, so the first batch of teams committed (and so
/// the first prompts sendable) includes every program, not only the program with the lowest team ids.
/// </summary>
public sealed class ProgramTurnsTests
{
    [Fact]
    public void Each_program_opens_its_first_team_before_any_program_opens_its_second()
    {
        // Program 7 owns teams 1–3, program 9 team 4, program 8 teams 5–6; listed in team order, as the schedules are read.
        var programOf = new Dictionary<long, long> { [1] = 7, [2] = 7, [3] = 7, [4] = 9, [5] = 8, [6] = 8 };
        var due = programOf.Keys.Select(Due).ToList();

        var order = SlotRunner.InProgramTurns(due, programOf).Select(d => d.Schedule.TeamId);

        Assert.Equal([1L, 5, 4, 2, 6, 3], order);
    }

    [Fact]
    public void A_thousand_teams_of_one_program_do_not_hold_back_a_small_programs_team_past_the_first_batch()
    {
        var programOf = Enumerable.Range(1, 1_000).ToDictionary(id => (long)id, _ => 1L);
        programOf[1_001] = 2;
        var due = programOf.Keys.Select(Due).ToList();

        var order = SlotRunner.InProgramTurns(due, programOf).Select(d => d.Schedule.TeamId).ToList();

        Assert.Contains(1_001L, order.Take(OpenCycle.BatchSize));
        Assert.Equal(programOf.Keys.Order(), order.Order());
    }

    private static DueCheckIn Due(long teamId)
    {
        var schedule = new CheckInSchedule { TeamId = teamId, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC" };
        return new DueCheckIn(schedule, CheckInClock.SlotOfWeek(schedule, new DateOnly(2026, 12, 7)));
    }
}
