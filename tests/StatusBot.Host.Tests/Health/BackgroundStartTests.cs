using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Startup;
using StatusBot.Host.Tests.CheckIns;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Health;

/// <summary>
/// The background workers take their first pass after the scheduler's first sync (see <see cref="BackgroundStart"/>):
/// a message waiting at start still leaves, and a scheduler that cannot sync does not hold deliveries back.
/// </summary>
public sealed class BackgroundStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_waiting_at_start_is_sent_once_the_host_is_ready()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        await EnqueueAsync(db, "waiting");
        var platform = new RecordingPlatform();
        await using var host = await RunningHost.StartAsync(
            builder => builder.Services.AddSingleton<IChatPlatform>(platform),
            $"ConnectionStrings:StatusBot={db.ConnectionString}",
            "Outbox:IdleDelay=00:00:00.050",
            "Logging:LogLevel:Default=Warning");

        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await CheckInHost.Eventually(() => Task.FromResult(platform.Count("test.notice") == 1), TimeSpan.FromSeconds(20), "the waiting message is sent");
    }

    [Fact]
    public async Task A_scheduler_that_cannot_sync_does_not_hold_back_deliveries()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite);
        await using (var session = await db.Store.BeginAsync(Ct))
        {
            // A schedule, so the first sync has a slot to plan and meets the broken calendar below.
            await session.Workspaces.UpsertAsync(new Workspace { Id = "playground", Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = Seed.Now }, Ct);
            var program = await Seed.ProgramAsync(session, workspaceId: "playground");
            var team = await Seed.TeamAsync(session, program.Id);
            await session.Teams.SetScheduleAsync(
                new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now }, Ct);
            await session.CommitAsync(Ct);
        }

        var platform = new RecordingPlatform();
        await using var host = await RunningHost.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IChatPlatform>(platform);
                builder.Services.RemoveAll<ICheckInCalendar>();
                builder.Services.AddSingleton<ICheckInCalendar, BrokenCalendar>();
            },
            $"ConnectionStrings:StatusBot={db.ConnectionString}",
            "Outbox:IdleDelay=00:00:00.050",
            "Logging:LogLevel:Default=None");
        await host.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(Ct);
        await EnqueueAsync(db, "while the scheduler fails");

        await CheckInHost.Eventually(() => Task.FromResult(platform.Count("test.notice") == 1), TimeSpan.FromSeconds(20), "the message is sent");
        var notReady = await host.WaitForStatusAsync("/readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
        Assert.Contains("scheduler cannot start", await notReady.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task EnqueueAsync(TestDatabase db, string text)
    {
        await using var session = await db.Store.BeginAsync(Ct);
        await session.Outbox.EnqueueAsync(
            new OutboxMessage
            {
                WorkspaceId = "playground",
                Destination = Destination.DirectMessage("playground:ada"),
                Message = new ChatMessage("test.notice", text, [new TextBlock(text)]),
                DedupKey = "background-start:" + text,
                CreatedAt = Seed.Now,
                NextAttemptAt = Seed.Now,
            },
            Ct);
        await session.CommitAsync(Ct);
    }

    private sealed class BrokenCalendar : ICheckInCalendar
    {
        public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) => throw new InvalidOperationException("calendar unavailable");

        public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) => throw new InvalidOperationException("calendar unavailable");

        public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => throw new InvalidOperationException("calendar unavailable");
    }
}
