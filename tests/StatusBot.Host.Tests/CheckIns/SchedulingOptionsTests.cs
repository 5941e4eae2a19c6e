using Microsoft.Extensions.Options;

namespace StatusBot.Host.Tests.CheckIns;

public sealed class SchedulingOptionsTests
{
    [Theory]
    [InlineData("--Scheduling:CatchUpAfter", "-00:01:00", "Scheduling:CatchUpAfter")]
    [InlineData("--Scheduling:IdleWaitTime", "00:00:00.100", "Scheduling:IdleWaitTime")]
    [InlineData("--Scheduling:ReconcileInterval", "00:00:00", "Scheduling:ReconcileInterval")]
    [InlineData("--Scheduling:InstanceId", "node one", "Scheduling:InstanceId")]
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

        // Quartz validates its own options too: two failing option types arrive together as an AggregateException.
        var failures = (error is AggregateException all ? all.Flatten().InnerExceptions : [error])
            .OfType<OptionsValidationException>()
            .SelectMany(e => e.Failures);
        Assert.Contains(failures, failure => failure.Contains(named, StringComparison.Ordinal));
    }
}
