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
/// <c>Scheduling:OpenAhead</c>: the slot's job runs that long before the slot and opens the week's round then, but the
/// prompts are held in the outbox until the slot itself. People must not be prompted early, and the round is the slot's
/// (its week, its window), not one starting when the job ran.
/// </summary>
public sealed class OpenAheadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_round_opened_ahead_exists_before_its_slot_and_its_prompts_go_out_at_the_slot_not_before(StoreKind kind)
    {
        var platform = new RecordingPlatform();
        var calendar = new OneSlotCalendar();
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await CheckInHost.StartAsync(
            kind,
            connectionString,
            platform,
            services => services.RemoveAll<ICheckInCalendar>().AddSingleton<ICheckInCalendar>(calendar),
            "--Scheduling:OpenAhead", "00:00:15",
            "--Scheduling:SchedulePollingInterval", "00:00:00.200",
            "--Scheduling:QueuePollInterval", "00:00:00.200",
            "--Scheduling:ReconcileInterval", "01:00:00");
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        var now = DateTimeOffset.UtcNow;
        var slot = calendar.Start = now.AddSeconds(20).AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)); // whole seconds, as stored

        long teamId;
        await using (var session = await store.BeginAsync(Ct))
        {
            await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
            var program = await Seed.ProgramAsync(session, workspaceId: "playground");
            var team = await Seed.TeamAsync(session, program.Id, "Ahead");
            teamId = team.Id;
            for (var m = 1; m <= 2; m++)
            {
                var person = await Seed.PersonAsync(session, $"ahead-{m}", workspaceId: "playground");
                await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, Ct);
            }

            await session.Teams.SetScheduleAsync(
                new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = Seed.Now }, Ct);
            await session.CommitAsync(Ct);
        }

        await app.Services.GetRequiredService<ICheckInOperations>().ScheduleChangedAsync(teamId, Ct);
        var plan = await app.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct);
        Assert.Equal(slot.AddSeconds(-15), plan?.DueAt);

        // The round is opened about five seconds from now, fifteen before its slot.
        CheckInCycle? cycle = null;
        await CheckInHost.Eventually(async () => (cycle = await CycleAsync(store, teamId)) is not null, TimeSpan.FromSeconds(40), "the round is opened");
        Assert.True(DateTimeOffset.UtcNow < slot, "the round was opened ahead of its slot");
        Assert.Equal((OneSlotCalendar.Week, slot, slot.AddHours(2)), (cycle!.WeekOf, cycle.OpensAt, cycle.ClosesAt));

        await CheckInHost.Eventually(() => Task.FromResult(platform.Count(CheckInMessages.PromptKind) == 2), TimeSpan.FromSeconds(40), "both members are prompted");
        await using (var session = await store.BeginAsync(Ct))
        {
            var members = await session.CheckIns.ListCycleMembersAsync(cycle.Id, Ct);
            Assert.Equal(2, members.Count);
            Assert.All(members, member => Assert.Equal(slot, member.PromptedAt));
            foreach (var member in members)
            {
                var prompt = await session.Outbox.FindByDedupKeyAsync(PromptMembers.DedupKey(cycle.Id, member.PersonId), Ct);
                Assert.Equal(slot, prompt!.NextAttemptAt);
                Assert.True(prompt.DeliveredAt >= slot, $"a prompt was sent at {prompt.DeliveredAt:O}, before its slot {slot:O}");
            }
        }
    }

    private static async Task<CheckInCycle?> CycleAsync(IStatusBotStore store, long teamId)
    {
        await using var session = await store.BeginAsync(Ct);
        return (await session.CheckIns.ListCyclesAsync(teamId, Ct)).SingleOrDefault();
    }

    /// <summary>The team's slot opens at <see cref="Start"/>, a week later the next.</summary>
    private sealed class OneSlotCalendar : ICheckInCalendar
    {
        public static readonly DateOnly Week = new(2026, 12, 7);

        public DateTimeOffset Start { get; set; } = DateTimeOffset.MaxValue.AddYears(-1);

        public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) => Slot(0).OpensAt > after ? Slot(0) : Slot(1);

        public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) => Slot(0).OpensAt <= at ? Slot(0) : Slot(-1);

        public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => throw new NotSupportedException("no digest slots in this test");

        private CheckInSlot Slot(int week)
        {
            var opens = Start.AddDays(7 * week);
            return new CheckInSlot(Week.AddDays(7 * week), opens, opens.AddHours(1), opens.AddHours(2));
        }
    }
}
