using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StatusBot.Host.Tests.Health;

/// <summary>The README promises that appsettings.example.json is valid: every key it shows passes start-up validation.</summary>
public sealed class ExampleSettingsTests
{
    [Fact]
    public async Task The_example_settings_pass_every_start_up_check()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "StatusBot.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("StatusBot.sln not found above the test output");
        }

        // Passed as command-line settings, so every feature sees them when it registers (Slack turns on, Hangfire goes to PostgreSQL).
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "appsettings.example.json"), optional: false).Build();
        var settings = example.AsEnumerable().Where(pair => pair.Value is not null && pair.Key != "Urls").Select(pair => $"--{pair.Key}={pair.Value}");
        await using var app = StatusBotApp.Build(["--urls", "http://127.0.0.1:0", .. settings]);

        var validate = () => app.Services.GetRequiredService<IStartupValidator>().Validate();

        var failure = Record.Exception(validate);
        Assert.Null(failure);
        Assert.Equal("Postgres", app.Configuration["Storage:Provider"]);
        Assert.Equal("https://statusbot.example.com", app.Configuration["Digest:PublicBaseUrl"]);

        // One file copied to every instance: the scheduler's schema and the dashboard keys are shared.
        Assert.Equal("hangfire", app.Configuration["Scheduling:PostgresSchema"]);
        Assert.NotNull(app.Configuration["Dashboard:SigningKey"]);
        Assert.Contains(app.Services.GetServices<StatusBot.Core.Delivery.IChatPlatform>(), p => p.Platform == StatusBot.Core.Workspaces.ChatPlatform.Slack);
        Assert.Contains(app.Services.GetServices<StatusBot.Core.Delivery.IChatPlatform>(), p => p.Platform == StatusBot.Core.Workspaces.ChatPlatform.Teams);
    }
}
