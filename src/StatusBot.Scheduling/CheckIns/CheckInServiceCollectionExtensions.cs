using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;

namespace StatusBot.Scheduling.CheckIns;

public static class CheckInServiceCollectionExtensions
{
    /// <summary>
    /// The check-in engine: cycle lifecycle services and <see cref="ICheckInOperations"/> for the command layer.
    /// Recording an answer re-evaluates dependencies, so <see cref="IDependencyEvaluator"/> must be registered too
    /// (<c>AddStatusBotIntelligence</c>): without it, resolving the engine fails naming that service.
    /// </summary>
    public static IServiceCollection AddStatusBotCheckIns(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICheckInCalendar, ZoneCheckInCalendar>();
        services.TryAddSingleton<ICheckInScheduler, NoCheckInScheduler>();
        services.TryAddSingleton<IDigestPublisher, NoDigestPublisher>();
        services.AddSingleton<PromptMembers>();
        services.AddSingleton<OpenCycle>();
        services.AddSingleton<SendReminders>();
        services.AddSingleton<CloseCycle>();
        services.AddSingleton<RecordAnswer>();
        services.TryAddSingleton<WeekCompletion>();
        services.AddSingleton<DigestHandOff>();
        services.TryAddSingleton<ScheduledDigest>();
        services.AddSingleton<CheckInOperations>();
        services.AddSingleton<ICheckInOperations>(provider => provider.GetRequiredService<CheckInOperations>());
        return services;
    }
}

/// <summary>Used only when no digest feature is registered: the week's hand-off goes nowhere.</summary>
public sealed class NoDigestPublisher : IDigestPublisher
{
    public Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) => Task.CompletedTask;
}
