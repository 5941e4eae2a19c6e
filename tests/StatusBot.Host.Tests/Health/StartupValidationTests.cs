using System.Diagnostics;

namespace StatusBot.Host.Tests.Health;

/// <summary>Runs the real host process with a bad setting: it must exit non-zero with one line naming the key.</summary>
public sealed class StartupValidationTests
{
    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Storage__Provider", "Oracle", "Storage:Provider", "'Oracle' is not supported" },
        { "Storage__Provider", "Postgres", "ConnectionStrings:StatusBot", "required when Storage:Provider is Postgres" },
        { "ConnectionStrings__StatusBot", "Host=;;;=oops", "ConnectionStrings:StatusBot", "not a valid" },
        { "Dashboard__SigningKey", "too-short", "Dashboard:SigningKey", "at least 32 characters" },
        { "Metrics__Token", "short", "Metrics:Token", "at least 16 characters" },
        { "Health__Token", "short", "Health:Token", "at least 16 characters" },
        { "Health__OutboxStuckAfter", "00:00:10", "Health:OutboxStuckAfter", "at least 00:01:00" },
        { "OpenTelemetry__Otlp__Endpoint", "collector:4317", "OpenTelemetry:Otlp:Endpoint", "is not an http(s) URL" },
        { "OpenTelemetry__Otlp__Protocol", "udp", "OpenTelemetry:Otlp:Protocol", "'udp' is not supported" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_host_with_one_line_naming_the_key(string variable, string value, string key, string problem)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "StatusBot.Host.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // The shared dashboard key is there unless the case is about it, so each case fails for one reason only.
        if (variable != "Dashboard__SigningKey")
        {
            start.Environment["Dashboard__SigningKey"] = "startup-test-dashboard-key-0123456789abcdef";
        }

        start.Environment[variable] = value;
        if (variable is "ConnectionStrings__StatusBot")
        {
            start.Environment["Storage__Provider"] = "Postgres";
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith($"StatusBot cannot start: {key}: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_PostgreSQL_a_missing_dashboard_signing_key_stops_the_host_with_one_line()
    {
        // A valid PostgreSQL setting (the server need not be reachable: settings are checked before the store is opened).
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "StatusBot.Host.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["Storage__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__StatusBot"] = "Host=127.0.0.1;Port=1;Database=statusbot;Username=statusbot";
        start.Environment.Remove("Dashboard__SigningKey");

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("StatusBot cannot start: Dashboard:SigningKey: required when Storage:Provider is Postgres", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await stdout, StringComparison.Ordinal);
    }
}
