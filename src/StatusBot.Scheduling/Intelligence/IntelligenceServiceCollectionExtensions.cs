using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Scheduling.Dependencies;

namespace StatusBot.Scheduling.Intelligence;

/// <summary>The one registration of program intelligence (issue 5): dependencies, blockers, risks, the digest.</summary>
public static class IntelligenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers program intelligence: slip evaluation (<see cref="IDependencyEvaluator"/>), blocker escalation, the digest
    /// (<see cref="IDigestBuilder"/>, <see cref="IDigestPublisher"/>) and the <see cref="DailySlipScanJob"/> class (its
    /// recurring job belongs to the scheduler set-up) and the <see cref="StateChangeAnnouncementWorker"/> that announces answers' state changes. Options: sections <c>Dependencies</c>, <c>Blockers</c>, <c>Digest</c>.
    /// </summary>
    public static IServiceCollection AddStatusBotIntelligence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        AddOptions<SlipRuleOptions, SlipRuleOptionsValidator>(services, configuration, SlipRuleOptions.Section);
        AddOptions<BlockerOptions, BlockerOptionsValidator>(services, configuration, BlockerOptions.Section);
        AddOptions<DigestOptions, DigestOptionsValidator>(services, configuration, DigestOptions.Section);

        services.AddSingleton<EvaluateDependencies>();
        services.AddSingleton<IDependencyEvaluator>(provider => provider.GetRequiredService<EvaluateDependencies>());
        services.AddSingleton<EscalateBlockers>();
        services.AddSingleton<DigestModelLoader>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<IDigestBuilder>(provider => provider.GetRequiredService<DigestBuilder>());
        services.TryAddSingleton<WeekCompletion>();
        services.AddSingleton<DigestPublisher>();
        services.AddSingleton<IDigestPublisher>(provider => provider.GetRequiredService<DigestPublisher>());
        services.AddTransient<DailySlipScanJob>();
        services.AddHostedService<StateChangeAnnouncementWorker>();
        return services;
    }

    /// <summary>Binds and validates at start; core services take the plain options object (the core has no options package).</summary>
    private static void AddOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TOptions>>().Value);
    }
}
