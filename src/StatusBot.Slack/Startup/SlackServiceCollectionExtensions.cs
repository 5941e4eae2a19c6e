using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Core.Workspaces;
using StatusBot.Slack.Commands;
using StatusBot.Slack.Delivery;
using StatusBot.Slack.Events;
using StatusBot.Slack.Inbound;
using StatusBot.Slack.Install;
using StatusBot.Slack.Interactions;
using StatusBot.Slack.Replies;
using StatusBot.Slack.Signing;
using StatusBot.Slack.SocketMode;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Startup;

/// <summary>Marks that the Slack adapter is registered (the endpoints map only then).</summary>
internal sealed class SlackEnabled;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack adapter when <c>Slack:SigningSecret</c> is set; otherwise registers nothing, so a
    /// disabled Slack channel is simply absent. Settings are validated at start with messages naming the key.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SlackOptions.Section);
        if (string.IsNullOrWhiteSpace(section[nameof(SlackOptions.SigningSecret)]))
        {
            return services;
        }

        return AddEnabledSlack(services, configuration, section);
    }

    // A method of its own, never inlined: compiling AddSlack would otherwise load Microsoft.Extensions.Http and
    // System.Net.Http for the HTTP client registrations below even when Slack is off (about 1 MiB of resident memory on
    // the embedded default; README performance table, "idle host").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddEnabledSlack(IServiceCollection services, IConfiguration configuration, IConfigurationSection section)
    {
        services.AddOptions<SlackOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SlackEnabled>();

        services.AddSingleton(provider => new SlackSignatureVerifier(
            provider.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret!, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignedRequestReader>();

        // Asked on first use (a request), when the host knows the address it listens on if none is configured.
        services.AddSingleton(provider => InstallCallback.From(provider.GetService<IPublicBaseUrl>()?.Value
            ?? configuration.GetSection(DigestOptions.Section).Get<DigestOptions>()?.PublicBaseUrl
            ?? DigestOptions.FallbackBaseUrl));
        var tokenKey = section[nameof(SlackOptions.TokenEncryptionKey)];
        if (!string.IsNullOrWhiteSpace(tokenKey) && !string.IsNullOrWhiteSpace(section[nameof(SlackOptions.ClientId)]))
        {
            services.AddSingleton(_ => SlackTokenProtector.FromBase64(tokenKey));
            services.AddSingleton(provider => new InstallState(InstallEndpoints.StateKey(tokenKey), provider.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<SlackTokenSource>(provider => new SlackTokenSource(
            provider.GetRequiredService<IOptions<SlackOptions>>(),
            provider.GetRequiredService<IWorkspaceInstallationRepository>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<SlackTokenProtector>()));
        services.AddSingleton<ISlackTokenSource>(provider => provider.GetRequiredService<SlackTokenSource>());

        services.AddSingleton(new SlackRateLimits());
        services.AddSingleton<SlackRateLimiter>();
        var httpTimeout = section.GetValue<TimeSpan?>(nameof(SlackOptions.HttpTimeout)) is { } configured && configured > TimeSpan.Zero
            ? configured
            : new SlackOptions().HttpTimeout;
        services.AddHttpClient<SlackApiClient>(client => client.Timeout = httpTimeout);
        services.AddHttpClient(SlackReplies.ResponseUrlClient, client => client.Timeout = httpTimeout);
        services.AddSingleton<SlackUserCache>();
        services.AddTransient<SlackCallers>();
        services.AddTransient<SlackReplies>();

        services.AddSingleton<SlackInbox>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundWorkHandler, SlackWorkHandler>());
        services.AddTransient<SlashCommands>();
        services.AddTransient<InteractionDispatcher>();
        services.AddTransient<EventDispatcher>();

        services.TryAddEnumerable(ServiceDescriptor.Transient<IChatPlatform, SlackChatPlatform>());

        if (!string.IsNullOrWhiteSpace(section[nameof(SlackOptions.AppToken)]))
        {
            services.AddHostedService<SocketModeService>();
        }

        return services;
    }
}
