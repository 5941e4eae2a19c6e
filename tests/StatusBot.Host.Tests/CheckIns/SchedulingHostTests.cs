using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class SchedulingHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_digest_slot_is_planned_in_the_program_zone_and_removed_when_cleared()
    {
        await using var app = await CheckInHost.StartAsync(CheckInHost.NewDatabaseFile());
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
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var programId = team.ProgramId;
        var key = new TriggerKey($"program-{programId}", "digest");

        await SetSlot(slot);
        await operations.DigestScheduleChangedAsync(programId, Ct);
        var trigger = await scheduler.GetTrigger(key, Ct);
        var expected = new ZoneCheckInCalendar().NextDigest(slot, DateTimeOffset.UtcNow);
        Assert.Equal(expected.OpensAt, trigger!.NextFireTimeUtc);
        var local = TimeZoneInfo.ConvertTime(trigger.NextFireTimeUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((DayOfWeek.Friday, 16, 0), (local.DayOfWeek, local.Hour, local.Minute));

        await SetSlot(null);
        await operations.DigestScheduleChangedAsync(programId, Ct);
        Assert.False(await scheduler.Exists(key, Ct));
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
