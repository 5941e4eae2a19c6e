using Microsoft.Extensions.DependencyInjection;
using Quartz;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Scheduling.CheckIns;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class CatchUpAfterDowntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_slot_missed_while_every_instance_was_down_opens_once_at_start_with_the_full_window()
    {
        var file = CheckInHost.NewDatabaseFile();
        CheckInSchedule schedule;
        long teamId;

        // The last instance ran 15 days ago: its trigger still points at a slot two weeks back.
        await using (var before = await CheckInHost.StartAsync(file))
        {
            (var team, schedule) = await CheckInHostTests.SeedTeamAsync(before, "ada", "bob");
            teamId = team.Id;
            var quartz = await before.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
            await quartz.Standby(Ct);
            await before.Services.GetRequiredService<QuartzCheckInScheduler>().ScheduleNextOpenAsync(schedule, DateTimeOffset.UtcNow.AddDays(-15), Ct);
            await before.StopAsync(Ct);
        }

        var startedAt = DateTimeOffset.UtcNow;
        await using var after = await CheckInHost.StartAsync(file);
        var store = after.Services.GetRequiredService<IStatusBotStore>();
        IReadOnlyList<CheckInCycle> cycles = [];
        await CheckInHost.Eventually(
            async () =>
            {
                await using var session = await store.BeginAsync(Ct);
                cycles = await session.CheckIns.ListCyclesAsync(teamId, Ct);
                return cycles.Count > 0;
            },
            TimeSpan.FromSeconds(20),
            "the missed cycle opens");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // a second (wrong) catch-up would show up by now
        await using (var session = await store.BeginAsync(Ct))
        {
            cycles = await session.CheckIns.ListCyclesAsync(teamId, Ct);
        }

        var cycle = Assert.Single(cycles);
        var latest = CheckInClock.PreviousSlot(schedule, startedAt);
        Assert.Equal(latest.WeekOf, cycle.WeekOf);
        Assert.InRange(cycle.OpensAt, startedAt.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(cycle.OpensAt + schedule.AnswerWindow, cycle.ClosesAt);
        Assert.Equal(cycle.ClosesAt - schedule.ReminderOffset, cycle.RemindAt);
        var scheduler = await after.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var next = await scheduler.GetTrigger(new TriggerKey($"team-{teamId}", "checkin-open"), Ct);
        Assert.Equal(CheckInClock.NextSlot(schedule, DateTimeOffset.UtcNow).OpensAt, next!.NextFireTimeUtc);
    }
}
