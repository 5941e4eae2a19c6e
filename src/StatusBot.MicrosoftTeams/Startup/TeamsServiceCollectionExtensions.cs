using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Inbound;
using StatusBot.MicrosoftTeams.Auth;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Inbound;

namespace StatusBot.MicrosoftTeams.Startup;

/// <summary>Marks that the Teams adapter is registered (the endpoint maps only then).</summary>
internal sealed class TeamsEnabled;

public static class TeamsServiceCollectionExtensions
{
    public const string OpenIdClient = "teams-openid";

    /// <summary>
    /// Registers the Microsoft Teams adapter when <c>Teams:AppId</c> is set; otherwise registers nothing, so a disabled
    /// Teams channel is simply absent. Settings are validated at start with messages naming the key.
    /// </summary>
    public static IServiceCollection AddMicrosoftTeams(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TeamsOptions.Section);
        if (string.IsNullOrWhiteSpace(section[nameof(TeamsOptions.AppId)]))
        {
            return services;
        }

        return AddEnabledMicrosoftTeams(services, configuration, section);
    }

    // A method of its own, never inlined: compiling AddMicrosoftTeams would otherwise load Microsoft.Extensions.Http and
    // System.Net.Http for the HTTP client registrations below even when Teams is off (about 1 MiB of resident memory on
    // the embedded default; README performance table, "idle host").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddEnabledMicrosoftTeams(IServiceCollection services, IConfiguration configuration, IConfigurationSection section)
    {
        services.AddOptions<TeamsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TeamsEnabled>();

        services.AddHttpClient(OpenIdClient, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(provider => new OpenIdKeySource(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(OpenIdClient),
            new Uri(Options(provider).OpenIdMetadataUrl),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OpenIdKeySource>>()));
        services.AddSingleton(provider => new BotFrameworkTokenValidator(
            provider.GetRequiredService<OpenIdKeySource>(), Options(provider).AppId!, provider.GetRequiredService<TimeProvider>()));

        // Outbound (the app token, the Connector client, the rate limiter, the outbox's IChatPlatform) is shared with
        // the replies and roster reads below, so they count against the same per-thread and per-tenant budget.
        services.AddTeamsDelivery(configuration);
        services.AddTransient(provider => new RosterClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(TeamsDeliveryServiceCollectionExtensions.HttpClientName),
            provider.GetRequiredService<IBotTokenSource>(),
            provider.GetRequiredService<TimeProvider>()));

        services.AddTransient<TeamsRoster>();
        services.AddTransient<CardActions>();
        services.AddTransient<ActivityDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundWorkHandler, TeamsWorkHandler>());
        return services;
    }

    private static TeamsOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<TeamsOptions>>().Value;
}
