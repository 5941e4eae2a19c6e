using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusBot.Core.Commands;
using StatusBot.Core.Commands.Authorization;
using StatusBot.Core.Conversations;
using StatusBot.Core.Inbound;

namespace StatusBot.Host.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the command grammar (<see cref="ICommandHandler"/>), conversational check-in answers
    /// (<see cref="IDirectMessageHandler"/>) and check-in buttons and forms (<see cref="IInteractionHandler"/>).
    /// They use <c>ICheckInOperations</c>, <c>IDigestBuilder</c> and <c>IDigestPublisher</c>, registered by their features.
    /// </summary>
    public static IServiceCollection AddStatusBotCommands(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommandOptions>()
            .Configure(options => configuration.GetSection(CommandOptions.Section).Bind(options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CommandOptions>, CommandOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new ConfiguredAdmins(provider.GetRequiredService<IOptions<CommandOptions>>().Value.Admins));
        services.AddSingleton<ICommandDiagnostics, LoggingCommandDiagnostics>();
        services.AddSingleton<CallerRegistration>();
        foreach (var verb in CommandCatalog.Verbs)
        {
            services.AddSingleton(typeof(ICommandVerb), verb.Handler);
        }

        services.AddSingleton<AnswerRecorder>();
        services.AddSingleton<ICommandHandler, CommandDispatcher>();
        services.AddSingleton<IDirectMessageHandler, CheckInConversation>();
        services.AddSingleton<IInteractionHandler, CheckInInteractions>();
        return services;
    }
}

/// <summary>Logs what the command layer could not handle, with the exception, for the operator.</summary>
internal sealed class LoggingCommandDiagnostics(ILogger<LoggingCommandDiagnostics> logger) : ICommandDiagnostics
{
    public void Unexpected(string what, Exception exception) => logger.LogError(exception, "Unexpected failure in {What}", what);
}
