using Microsoft.Extensions.Options;
using StatusBot.Host;

try
{
    await using var app = StatusBotApp.Build(args);

    // Validate every setting before the host starts, so a mistake is reported once, by us, without
    // the host's own "failed to start" log and stack trace.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.StartAsync();
    Console.WriteLine($"StatusBot is listening on {string.Join(", ", app.Addresses())}");
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception exception) when (StartupErrors.IsConfigurationError(exception))
{
    // One line per wrong setting, each naming its key: no stack trace for a configuration mistake.
    foreach (var line in StartupErrors.Lines(exception))
    {
        Console.Error.WriteLine($"StatusBot cannot start: {line}");
    }

    return 2;
}

/// <summary>Entry point; exposed so tests can refer to the host assembly.</summary>
public partial class Program;
