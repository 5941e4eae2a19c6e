using Microsoft.Extensions.Options;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class SchedulingOptionsTests
{
    [Theory]
    [InlineData("--Scheduling:CatchUpAfter", "-00:01:00", "Scheduling:CatchUpAfter")]
    [InlineData("--Scheduling:OpenAhead", "-00:00:01", "Scheduling:OpenAhead")]
    [InlineData("--Scheduling:OpenAhead", "00:10:01", "Scheduling:OpenAhead")]
    [InlineData("--Scheduling:SchedulePollingInterval", "00:00:00.010", "Scheduling:SchedulePollingInterval")]
    [InlineData("--Scheduling:QueuePollInterval", "00:05:00", "Scheduling:QueuePollInterval")]
    [InlineData("--Scheduling:InvisibilityTimeout", "00:00:05", "Scheduling:InvisibilityTimeout")]
    [InlineData("--Scheduling:WorkerCount", "0", "Scheduling:WorkerCount")]
    [InlineData("--Scheduling:PostgresSchema", "Hang Fire", "Scheduling:PostgresSchema")]
    [InlineData("--Scheduling:DashboardToken", "short", "Scheduling:DashboardToken")]
    [InlineData("--Scheduling:DashboardTrustedProxies:0", "proxy.local", "Scheduling:DashboardTrustedProxies")]
    [InlineData("--Scheduling:ReconcileInterval", "00:00:00", "Scheduling:ReconcileInterval")]
    [InlineData("--Scheduling:DailySlipScanUtc", "25:00", "Scheduling:DailySlipScanUtc")]
    [InlineData("--Scheduling:DailySlipScanUtc", "5am", "Scheduling:DailySlipScanUtc")]
    [InlineData("--Outbox:BatchSize", "0", "Outbox:BatchSize")]
    [InlineData("--Outbox:Lease", "00:00:01", "Outbox:Lease")]
    [InlineData("--Outbox:MaxAttempts", "0", "Outbox:MaxAttempts")]
    public async Task A_wrong_scheduling_or_outbox_setting_stops_the_start_naming_its_key(string key, string value, string named)
    {
        var file = CheckInHost.NewDatabaseFile();
        await using var app = StatusBotApp.Build(["--urls", "http://127.0.0.1:0", "--ConnectionStrings:StatusBot", $"Data Source={file}", key, value]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));

        // Several failing option types arrive together as an AggregateException.
        var failures = (error is AggregateException all ? all.Flatten().InnerExceptions : [error])
            .OfType<OptionsValidationException>()
            .SelectMany(e => e.Failures);
        Assert.Contains(failures, failure => failure.Contains(named, StringComparison.Ordinal));
    }
}
