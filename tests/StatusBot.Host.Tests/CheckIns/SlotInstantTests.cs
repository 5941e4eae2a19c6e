using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// The teams due at one instant share one open job, and their cycles one reminder and one close job: here only the
/// first team's schedule is planned (the reconciliation that would plan the others runs hourly), and the instant's job
/// opens and prompts every other team whose schedule starts then, and no team whose schedule does not. With
/// <c>Scheduling:OpenAhead</c> the job runs ahead of its instant and the prompts wait for it.
/// </summary>
public sealed class SlotInstantTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task One_job_per_instant_opens_every_team_due_then_and_no_other_and_plans_one_reminder_close_and_next_slot_for_them(StoreKind kind)
    {
        var platform = new RecordingPlatform();
        var calendar = new NineOClockCalendar();
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await StartAsync(kind, connectionString, platform, calendar);
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        var slot = calendar.StartIn(TimeSpan.FromSeconds(3));

        long first, mate, paused, later, broken, setAfter;
        await using (var session = await store.BeginAsync(Ct))
        {
            await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
            var program = await Seed.ProgramAsync(session, workspaceId: "playground");
            first = await TeamAsync(session, program.Id, "First", nine: true, updatedAt: Seed.Now);
            mate = await TeamAsync(session, program.Id, "Mate", nine: true, updatedAt: Seed.Now);
            paused = await TeamAsync(session, program.Id, "Paused", nine: true, updatedAt: Seed.Now);
            await session.Teams.UpdateAsync((await session.Teams.GetAsync(paused, Ct))! with { Paused = true }, Ct);
            later = await TeamAsync(session, program.Id, "Later", nine: false, updatedAt: Seed.Now);

            // A zone this machine's time zone data does not know: its slot cannot be computed, which must not stop the others.
            broken = await TeamAsync(session, program.Id, "Broken", nine: true, updatedAt: Seed.Now, zone: "Nowhere/Atlantis");

            // Scheduled for 09:00 only after this slot started: its first slot is next week's, as the scheduler plans it.
            setAfter = await TeamAsync(session, program.Id, "Set after", nine: true, updatedAt: slot.AddSeconds(1));
            await session.CommitAsync(Ct);
        }

        // Only the first team's slot is planned (the reconciliation that would plan the others runs hourly here): that
        // is the instant's job, which the mate shares; a paused team has none.
        await app.Services.GetRequiredService<ICheckInOperations>().ScheduleChangedAsync(first, Ct);
        var scheduler = app.Services.GetRequiredService<HangfireCheckInScheduler>();
        var instant = await scheduler.OpenPlanAsync(first, Ct);
        Assert.Equal(slot, instant?.DueAt);
        Assert.Equal(instant, await scheduler.OpenPlanAsync(mate, Ct));
        Assert.Null(await scheduler.OpenPlanAsync(paused, Ct));

        await CheckInHost.Eventually(() => Task.FromResult(platform.Count(CheckInMessages.PromptKind) == 4), TimeSpan.FromSeconds(30), "both teams' members are prompted");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // a prompt to anyone else would show up by now
        Assert.Equal(
            ["playground:first-1", "playground:first-2", "playground:mate-1", "playground:mate-2"],
            platform.Sent.Select(s => s.Destination.Address).Order());
        await using (var session = await store.BeginAsync(Ct))
        {
            var opened = Assert.Single(await session.CheckIns.ListCyclesAsync(mate, Ct));
            Assert.Equal((NineOClockCalendar.Week, slot), (opened.WeekOf, opened.OpensAt));
            Assert.Equal(2, (await session.CheckIns.ListCycleMembersAsync(opened.Id, Ct)).Count);
            Assert.Single(await session.CheckIns.ListCyclesAsync(first, Ct));
            Assert.Empty(await session.CheckIns.ListCyclesAsync(paused, Ct));
            Assert.Empty(await session.CheckIns.ListCyclesAsync(later, Ct));
            Assert.Empty(await session.CheckIns.ListCyclesAsync(setAfter, Ct));
            Assert.Empty(await session.CheckIns.ListCyclesAsync(broken, Ct));
        }

        // The job planned one reminder and one close for both cycles, and one job for both teams' next slot.
        var firstCycle = await CycleAsync(store, first);
        var mateCycle = await CycleAsync(store, mate);
        var (remind, close) = scheduler.CyclePlans(firstCycle);
        Assert.Equal((firstCycle.RemindAt, firstCycle.ClosesAt), (remind?.DueAt, close?.DueAt));
        Assert.Equal((remind, close), scheduler.CyclePlans(mateCycle));
        var next = await scheduler.OpenPlanAsync(first, Ct);
        Assert.Equal(slot.AddDays(7), next?.DueAt);
        Assert.Equal(next, await scheduler.OpenPlanAsync(mate, Ct));

        // The sync plans every team, the broken one's zone notwithstanding (it is logged and left unplanned).
        await scheduler.SyncAllAsync(starting: false, Ct);
        Assert.Null(await scheduler.OpenPlanAsync(broken, Ct));
        Assert.Equal(next, await scheduler.OpenPlanAsync(setAfter, Ct));
        Assert.Equal((remind, close), scheduler.CyclePlans(mateCycle));
    }

    /// <summary>
    /// <c>Scheduling:OpenAhead</c>: the instant's job runs that long before it and opens the week's round then, but the
    /// prompts are held in the outbox until the slot itself. Nobody is prompted early, and the round is the slot's (its
    /// week, its window), not one starting when the job ran.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_round_opened_ahead_exists_before_its_slot_and_its_prompts_go_out_at_the_slot_not_before(StoreKind kind)
    {
        var platform = new RecordingPlatform();
        var calendar = new NineOClockCalendar();
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await StartAsync(kind, connectionString, platform, calendar, "--Scheduling:OpenAhead", "00:00:15");
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        var slot = calendar.StartIn(TimeSpan.FromSeconds(20));

        long teamId;
        await using (var session = await store.BeginAsync(Ct))
        {
            await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
            var program = await Seed.ProgramAsync(session, workspaceId: "playground");
            teamId = await TeamAsync(session, program.Id, "Ahead", nine: true, updatedAt: Seed.Now);
            await session.CommitAsync(Ct);
        }

        await app.Services.GetRequiredService<ICheckInOperations>().ScheduleChangedAsync(teamId, Ct);
        var plan = await app.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct);
        Assert.Equal(slot.AddSeconds(-15), plan?.DueAt);

        // The round is opened about five seconds from now, fifteen before its slot.
        CheckInCycle? cycle = null;
        await CheckInHost.Eventually(async () => (cycle = await FindCycleAsync(store, teamId)) is not null, TimeSpan.FromSeconds(40), "the round is opened");
        Assert.True(DateTimeOffset.UtcNow < slot, "the round was opened ahead of its slot");
        Assert.Equal((NineOClockCalendar.Week, slot, slot.AddHours(2)), (cycle!.WeekOf, cycle.OpensAt, cycle.ClosesAt));

        await CheckInHost.Eventually(() => Task.FromResult(platform.Count(CheckInMessages.PromptKind) == 2), TimeSpan.FromSeconds(40), "both members are prompted");
        await using (var session = await store.BeginAsync(Ct))
        {
            var members = await session.CheckIns.ListCycleMembersAsync(cycle.Id, Ct);
            Assert.Equal(2, members.Count);
            foreach (var member in members)
            {
                Assert.Equal(slot, member.PromptedAt);
                var prompt = await session.Outbox.FindByDedupKeyAsync(PromptMembers.DedupKey(cycle.Id, member.PersonId), Ct);
                Assert.Equal(slot, prompt!.NextAttemptAt);
                Assert.True(prompt.DeliveredAt >= slot, $"a prompt was sent at {prompt.DeliveredAt:O}, before its slot {slot:O}");
            }
        }
    }

    private static Task<Microsoft.AspNetCore.Builder.WebApplication> StartAsync(
        StoreKind kind, string connectionString, RecordingPlatform platform, NineOClockCalendar calendar, params string[] settings) =>
        CheckInHost.StartAsync(
            kind,
            connectionString,
            platform,
            services => services.RemoveAll<ICheckInCalendar>().AddSingleton<ICheckInCalendar>(calendar),
            [
                "--Scheduling:SchedulePollingInterval", "00:00:00.200",
                "--Scheduling:QueuePollInterval", "00:00:00.200",
                "--Scheduling:ReconcileInterval", "01:00:00",
                .. settings,
            ]);

    private static async Task<CheckInCycle?> FindCycleAsync(IStatusBotStore store, long teamId)
    {
        await using var session = await store.BeginAsync(Ct);
        return (await session.CheckIns.ListCyclesAsync(teamId, Ct)).SingleOrDefault();
    }

    private static async Task<CheckInCycle> CycleAsync(IStatusBotStore store, long teamId)
    {
        await using var session = await store.BeginAsync(Ct);
        return Assert.Single(await session.CheckIns.ListCyclesAsync(teamId, Ct));
    }

    private static async Task<long> TeamAsync(IStoreSession session, long programId, string name, bool nine, DateTimeOffset updatedAt, string zone = "Etc/UTC")
    {
        var team = await Seed.TeamAsync(session, programId, name);
        var handle = name.Split(' ')[0].ToLowerInvariant();
        for (var m = 1; m <= 2; m++)
        {
            var person = await Seed.PersonAsync(session, $"{handle}-{m}", workspaceId: "playground");
            await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, Ct);
        }

        await session.Teams.SetScheduleAsync(
            new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(nine ? 9 : 10, 0), TimeZone = zone, UpdatedAt = updatedAt }, Ct);
        return team.Id;
    }

    /// <summary>One week: the 09:00 teams' slot opens at <see cref="Start"/>, the others' an hour later; a week later the next. An unknown zone throws, as in the real calendar.</summary>
    private sealed class NineOClockCalendar : ICheckInCalendar
    {
        public static readonly DateOnly Week = new(2026, 12, 7);

        public DateTimeOffset Start { get; set; } = DateTimeOffset.MaxValue.AddYears(-1);

        /// <summary>Sets the 09:00 slot <paramref name="delay"/> from now, in whole seconds as the stores keep it; returns it.</summary>
        public DateTimeOffset StartIn(TimeSpan delay)
        {
            var at = DateTimeOffset.UtcNow + delay;
            return Start = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        }

        public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) =>
            Slot(schedule, 0).OpensAt > after ? Slot(schedule, 0) : Slot(schedule, 1);

        public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) =>
            Slot(schedule, 0).OpensAt <= at ? Slot(schedule, 0) : Slot(schedule, -1);

        public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => throw new NotSupportedException("no digest slots in this test");

        private CheckInSlot Slot(CheckInSchedule schedule, int week)
        {
            _ = TimeZones.Resolve(schedule.TimeZone); // as the real calendar, which computes the slot in the team's zone
            var opens = Start.AddHours(schedule.LocalTime.Hour - 9).AddDays(7 * week);
            return new CheckInSlot(Week.AddDays(7 * week), opens, opens.AddHours(1), opens.AddHours(2));
        }
    }
}
