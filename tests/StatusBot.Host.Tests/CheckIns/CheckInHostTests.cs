using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class CheckInHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(Team Team, CheckInSchedule Schedule)> SeedTeamAsync(WebApplication app, params string[] members)
    {
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        await using var session = await store.BeginAsync(Ct);
        await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
        var program = await Seed.ProgramAsync(session, workspaceId: "playground");
        var team = await Seed.TeamAsync(session, program.Id);
        foreach (var member in members)
        {
            var person = await Seed.PersonAsync(session, member, workspaceId: "playground");
            await session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, JoinedAt = Seed.Now }, Ct);
        }

        var schedule = new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now };
        await session.Teams.SetScheduleAsync(schedule, Ct);
        await session.CommitAsync(Ct);
        return (team, schedule);
    }

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Start_now_prompts_every_member_through_the_outbox_and_plans_the_reminder_and_close(StoreKind kind)
    {
        var platform = new RecordingPlatform();
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await CheckInHost.StartAsync(kind, connectionString, platform);
        var (team, schedule) = await SeedTeamAsync(app, "ada", "bob");
        var operations = app.Services.GetRequiredService<ICheckInOperations>();
        await operations.ScheduleChangedAsync(team.Id, Ct);

        var started = await operations.StartNowAsync(team.Id, Ct);
        var again = await operations.StartNowAsync(team.Id, Ct);

        Assert.Equal((true, 2), (started.Opened, started.Prompted));
        Assert.Equal((false, 0), (again.Opened, again.Prompted));
        await CheckInHost.Eventually(() => Task.FromResult(platform.Count(CheckInMessages.PromptKind) == 2), TimeSpan.FromSeconds(15), "both prompts are delivered");
        Assert.Equal(["playground:ada", "playground:bob"], platform.Sent.Select(s => s.Destination.Address).Order());
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        await CheckInHost.Eventually(
            async () =>
            {
                await using var session = await store.BeginAsync(Ct);
                return await session.Outbox.CountAsync(OutboxState.Delivered, Ct) == 2;
            },
            TimeSpan.FromSeconds(10),
            "the prompts are marked delivered");

        var scheduler = app.Services.GetRequiredService<HangfireCheckInScheduler>();
        var (remind, close) = scheduler.CyclePlans(started.Cycle!);
        var open = await scheduler.OpenPlanAsync(team.Id, Ct);
        Assert.Equal((started.Cycle.RemindAt, "Scheduled"), (remind!.DueAt, remind.State));
        Assert.Equal((started.Cycle.ClosesAt, "Scheduled"), (close!.DueAt, close.State));
        Assert.Equal((CheckInClock.NextSlot(schedule, DateTimeOffset.UtcNow).OpensAt, "Scheduled"), (open!.DueAt, open.State));

        var ready = await new HttpClient().GetAsync(new Uri(app.Addresses()[0] + "/readyz"), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pausing_a_team_removes_its_slot_and_resuming_plans_it_again(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await CheckInHost.StartAsync(kind, connectionString);
        var (team, _) = await SeedTeamAsync(app, "ada");
        var operations = app.Services.GetRequiredService<ICheckInOperations>();
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        var scheduler = app.Services.GetRequiredService<HangfireCheckInScheduler>();
        async Task SetPaused(bool paused)
        {
            await using var session = await store.BeginAsync(Ct);
            await session.Teams.UpdateAsync(team with { Paused = paused }, Ct);
            await session.CommitAsync(Ct);
        }

        await operations.ScheduleChangedAsync(team.Id, Ct);
        var first = await scheduler.OpenPlanAsync(team.Id, Ct);
        Assert.Equal("Scheduled", first?.State);
        await SetPaused(true);
        await operations.ScheduleChangedAsync(team.Id, Ct);
        Assert.Null(await scheduler.OpenPlanAsync(team.Id, Ct));
        await SetPaused(false);
        await operations.ScheduleChangedAsync(team.Id, Ct);
        var resumed = await scheduler.OpenPlanAsync(team.Id, Ct);
        await operations.ScheduleChangedAsync(team.Id, Ct); // idempotent: the same job stays planned
        Assert.Equal("Scheduled", resumed?.State);
        Assert.Equal(resumed, await scheduler.OpenPlanAsync(team.Id, Ct));
        Assert.Equal(first!.DueAt, resumed!.DueAt);
    }
}
