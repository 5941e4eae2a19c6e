using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Host.Commands;

namespace StatusBot.Host.Tests.Commands;

/// <summary>The host wires the command layer with one call, and refuses to start with a malformed admin list.</summary>
public class CommandsRegistrationTests
{
    [Fact]
    public void Malformed_admin_identity_fails_validation_naming_the_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["StatusBot:Admins:0"] = "slack:T1:U1", ["StatusBot:Admins:1"] = "U0001" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddStatusBotCommands(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CommandOptions>>().Value);

        Assert.Contains("StatusBot:Admins:1", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_answers_a_command_through_the_registered_handler()
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        var checkIns = new RecordingCheckIns(TimeProvider.System);
        var digests = new RecordingDigests();
        await using var app = StatusBotApp.Build(
            ["--urls=http://127.0.0.1:0", $"--ConnectionStrings:StatusBot=Data Source={file}", "--StatusBot:Admins:0=playground:root"],
            builder =>
            {
                builder.Services.AddSingleton<ICheckInOperations>(checkIns);
                builder.Services.AddSingleton<IDigestBuilder>(digests);
                builder.Services.AddSingleton<IDigestPublisher>(digests);
            });
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.Services.GetRequiredService<StatusBot.Data.Startup.StoreReadiness>().WhenReadyAsync(TestContext.Current.CancellationToken); // migrations run in the background
        var handler = app.Services.GetRequiredService<ICommandHandler>();

        var created = await handler.HandleAsync(new CommandRequest(new Caller("playground:root", "Root"), "program create Apollo"), TestContext.Current.CancellationToken);
        var refused = await handler.HandleAsync(new CommandRequest(new Caller("playground:guest", "Guest"), "program create Gemini"), TestContext.Current.CancellationToken);

        Assert.Equal(CommandReplies.ReplyKind, created.Kind);
        Assert.Equal(CommandReplies.RefusedKind, refused.Kind);
        Assert.Contains("Root", refused.Blocks.OfType<Core.Messages.TextBlock>().First().Text, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }
}
