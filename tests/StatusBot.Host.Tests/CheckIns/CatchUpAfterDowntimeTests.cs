using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// A slot that came due while every instance was down opens once at start, with the full answer window. On PostgreSQL
/// the open job planned before the downtime is still stored and due; on the embedded store nothing survived the restart
/// and the start-up sync finds the missed slot in the bot's tables.
/// </summary>
public sealed class CatchUpAfterDowntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each store; on PostgreSQL also with the overdue job in the shape an earlier release planned it (one per team).</summary>
    public static TheoryData<StoreKind, bool> Stores => new() { { StoreKind.Sqlite, false }, { StoreKind.Postgres, false }, { StoreKind.Postgres, true } };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_slot_missed_while_every_instance_was_down_opens_once_at_start_with_the_full_window(StoreKind kind, bool plannedByEarlierRelease)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        CheckInSchedule schedule;
        long teamId;

        // The schedule was set 15 days ago (when the last instance planned its next slot); then every instance stopped.
        await using (var before = await CheckInHost.StartAsync(kind, connectionString))
        {
            (var team, schedule) = await CheckInHostTests.SeedTeamAsync(before, "ada", "bob");
            teamId = team.Id;
            schedule = schedule with { UpdatedAt = DateTimeOffset.UtcNow.AddDays(-15) };
            var store = before.Services.GetRequiredService<IStatusBotStore>();
            await using (var session = await store.BeginAsync(Ct))
            {
                await session.Teams.SetScheduleAsync(schedule, Ct);
                await session.CommitAsync(Ct);
            }

            await before.StopAsync(Ct);
            if (kind == StoreKind.Postgres)
            {
                // What the last instance left in Hangfire's storage: the open job of the slot after the schedule was set,
                // now two weeks overdue.
                var storage = before.Services.GetRequiredService<JobStorage>();
                var slot = new ZoneCheckInCalendar().Next(schedule, schedule.UpdatedAt);
                var plans = new JobPlans(storage, new BackgroundJobClient(storage, JobFilterProviders.Providers), TimeProvider.System);
                var key = $"checkin-open:at-{slot.OpensAt.ToUnixTimeMilliseconds()}";
                var spec = HangfireCheckInScheduler.SpecOf(schedule);
                var week = slot.WeekOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                plans.Put(
                    key,
                    "overdue",
                    slot.OpensAt,
                    plannedByEarlierRelease
                        ? Job.FromExpression<OpenCycleJob>(j => j.RunAsync(teamId, spec, week, slot.OpensAt, slot.RemindAt, slot.ClosesAt, CancellationToken.None))
                        : Job.FromExpression<OpenCheckInsJob>(j => j.RunAsync(slot.OpensAt, CancellationToken.None)));
                Assert.Equal(EnqueuedState.StateName, plans.Get(key)?.State);
            }
        }

        var startedAt = DateTimeOffset.UtcNow;
        await using var after = await CheckInHost.StartAsync(kind, connectionString);
        var store2 = after.Services.GetRequiredService<IStatusBotStore>();
        IReadOnlyList<CheckInCycle> cycles = [];
        await CheckInHost.Eventually(
            async () =>
            {
                await using var session = await store2.BeginAsync(Ct);
                cycles = await session.CheckIns.ListCyclesAsync(teamId, Ct);
                return cycles.Count > 0;
            },
            TimeSpan.FromSeconds(20),
            "the missed cycle opens");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // a second (wrong) catch-up would show up by now
        await using (var session = await store2.BeginAsync(Ct))
        {
            cycles = await session.CheckIns.ListCyclesAsync(teamId, Ct);
        }

        var cycle = Assert.Single(cycles);
        var latest = CheckInClock.PreviousSlot(schedule, startedAt);
        Assert.Equal(latest.WeekOf, cycle.WeekOf);
        Assert.InRange(cycle.OpensAt, startedAt.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(cycle.OpensAt + schedule.AnswerWindow, cycle.ClosesAt);
        Assert.Equal(cycle.ClosesAt - schedule.ReminderOffset, cycle.RemindAt);
        var next = await after.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct);
        Assert.Equal((CheckInClock.NextSlot(schedule, DateTimeOffset.UtcNow).OpensAt, "Scheduled"), (next!.DueAt, next.State));
    }

    [Fact]
    public async Task On_the_embedded_store_a_restart_before_the_slot_opens_nothing_early()
    {
        var file = CheckInHost.NewDatabaseFile();
        long teamId;
        CheckInSchedule schedule;
        await using (var before = await CheckInHost.StartAsync(file))
        {
            (var team, schedule) = await CheckInHostTests.SeedTeamAsync(before, "ada");
            teamId = team.Id;

            // Set just now: the latest Monday slot is before it, so it was never planned and must not open at start.
            schedule = schedule with { UpdatedAt = DateTimeOffset.UtcNow };
            await using var session = await before.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct);
            await session.Teams.SetScheduleAsync(schedule, Ct);
            await session.CommitAsync(Ct);
        }

        await using var after = await CheckInHost.StartAsync(file);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await using (var session = await after.Services.GetRequiredService<IStatusBotStore>().BeginAsync(Ct))
        {
            Assert.Empty(await session.CheckIns.ListCyclesAsync(teamId, Ct));
        }

        var next = await after.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct);
        Assert.Equal(CheckInClock.NextSlot(schedule, DateTimeOffset.UtcNow).OpensAt, next!.DueAt);
    }
}
