using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Dependencies;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class SchedulingHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_digest_slot_is_planned_in_the_program_zone_and_removed_when_cleared(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        await using var app = await CheckInHost.StartAsync(kind, connectionString);
        var (team, _) = await CheckInHostTests.SeedTeamAsync(app, "ada");
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        var slot = new WeeklySlot(DayOfWeek.Friday, new TimeOnly(16, 0), "America/New_York");
        async Task SetSlot(WeeklySlot? digest)
        {
            await using var session = await store.BeginAsync(Ct);
            var program = (await session.Programs.GetAsync((await session.Teams.GetAsync(team.Id, Ct))!.ProgramId, Ct))!;
            await session.Programs.UpdateAsync(program with { DigestSlot = digest }, Ct);
            await session.CommitAsync(Ct);
        }

        var operations = app.Services.GetRequiredService<ICheckInOperations>();
        var scheduler = app.Services.GetRequiredService<HangfireCheckInScheduler>();
        var programId = team.ProgramId;

        await SetSlot(slot);
        await operations.DigestScheduleChangedAsync(programId, Ct);
        var plan = scheduler.DigestPlan(programId);
        var expected = new ZoneCheckInCalendar().NextDigest(slot, DateTimeOffset.UtcNow);
        Assert.Equal((expected.OpensAt, "Scheduled"), (plan!.DueAt, plan.State));
        var local = TimeZoneInfo.ConvertTime(plan.DueAt, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((DayOfWeek.Friday, 16, 0), (local.DayOfWeek, local.Hour, local.Minute));

        await SetSlot(null);
        await operations.DigestScheduleChangedAsync(programId, Ct);
        Assert.Null(scheduler.DigestPlan(programId));
    }

    [Fact]
    public async Task On_the_embedded_store_the_scheduler_server_starts_with_the_first_job_and_runs_it()
    {
        var file = CheckInHost.NewDatabaseFile();
        await using var app = await CheckInHost.StartAsync(file);
        var server = app.Services.GetRequiredService<SchedulerServer>();
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        using var http = new HttpClient();

        // Ready with nothing planned, and no Hangfire server (workers, pollers) running for nothing.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(app.Addresses()[0] + "/readyz"), Ct)).StatusCode);
        Assert.False(server.IsStarted);
        Assert.Empty(monitoring.Servers());

        // The first job created starts the server, which runs it.
        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DailySlipScanJob>(job => job.RunAsync(CancellationToken.None));
        Assert.True(server.IsStarted);
        await CheckInHost.Eventually(
            () => Task.FromResult(monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName == "Succeeded"),
            TimeSpan.FromSeconds(20),
            "the queued job runs",
            () => Task.FromResult(monitoring.JobDetails(jobId)?.History.FirstOrDefault()?.StateName ?? "no job"));
        Assert.Single(monitoring.Servers());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_restart_with_a_schedule_plans_its_slot_and_runs_the_scheduler_server(StoreKind kind)
    {
        var (connectionString, cleanup) = await CheckInHost.NewDatabaseAsync(kind);
        await using var database = cleanup;
        long teamId;
        await using (var first = await CheckInHost.StartAsync(kind, connectionString))
        {
            (var team, _) = await CheckInHostTests.SeedTeamAsync(first, "ada");
            teamId = team.Id;
        }

        // The seeded schedule predates its latest slot, so the embedded store also queues that missed slot at start: the
        // plan is either that run or the next slot; either way the server that runs it is up.
        await using var app = await CheckInHost.StartAsync(kind, connectionString);
        Assert.NotNull(await app.Services.GetRequiredService<HangfireCheckInScheduler>().OpenPlanAsync(teamId, Ct));
        Assert.True(app.Services.GetRequiredService<SchedulerServer>().IsStarted);
    }

    [Fact]
    public async Task The_host_is_ready_with_a_fake_clock_registered()
    {
        var file = CheckInHost.NewDatabaseFile();
        var app = StatusBotApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={file}", "--Logging:LogLevel:Default", "Warning"],
            builder =>
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Seed.Now));
            });
        await using (app)
        {
            await app.StartAsync(Ct);
            using var http = new HttpClient();
            await CheckInHost.Eventually(
                async () => (await http.GetAsync(new Uri(app.Addresses()[0] + "/readyz"), Ct)).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(20),
                "/readyz reports the store and the scheduler ready",
                async () => await http.GetStringAsync(new Uri(app.Addresses()[0] + "/readyz"), Ct));
        }
    }
}
