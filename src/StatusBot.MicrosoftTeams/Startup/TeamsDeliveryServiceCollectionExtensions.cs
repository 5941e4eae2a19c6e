using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Delivery;

namespace StatusBot.MicrosoftTeams.Startup;

public static class TeamsDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers Teams delivery for the outbox: the app token provider, the Bot Connector client, the client-side
    /// rate limiter (one per process, which the outbox's per-workspace send lease makes the tenant's whole budget) and
    /// <see cref="IChatPlatform"/> for Teams. Reads <c>Teams:*</c> from <paramref name="configuration"/> (the root);
    /// the caller registers it only when Teams is configured, and validates <see cref="TeamsOptions"/> at start.
    /// Needs the core's store (<c>IStatusBotStore</c>) registered. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddTeamsDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TeamsOptions.Section);
        services.AddOptions<TeamsOptions>().Bind(section);
        services.AddOptions<TeamsDeliveryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsDeliveryOptions>, TeamsDeliveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var httpTimeout = section.GetValue<TimeSpan?>(nameof(TeamsDeliveryOptions.HttpTimeout)) is { } configured && configured > TimeSpan.Zero
            ? configured
            : new TeamsDeliveryOptions().HttpTimeout;
        services.AddHttpClient(HttpClientName, client => client.Timeout = httpTimeout);

        // One token cache and one limiter per process: every caller must share them to share the budget.
        services.TryAddSingleton<BotAppTokenProvider>(provider => new BotAppTokenProvider(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<TeamsOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBotTokenSource>(provider => provider.GetRequiredService<BotAppTokenProvider>());
        services.TryAddTransient(provider => new BotConnectorClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IBotTokenSource>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(new TeamsRateLimits());
        services.TryAddSingleton<TeamsRateLimiter>();
        services.TryAddSingleton<StoredConversationReferences>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChatPlatform, TeamsChatPlatform>());
        return services;
    }

    /// <summary>The named <see cref="HttpClient"/> of every call to Microsoft's services (timeout <c>Teams:HttpTimeout</c>).</summary>
    public const string HttpClientName = "StatusBot.MicrosoftTeams";
}
