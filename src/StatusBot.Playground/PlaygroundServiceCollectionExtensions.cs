using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Playground.Delivery;
using StatusBot.Playground.Demo;
using StatusBot.Playground.Endpoints;

namespace StatusBot.Playground;

/// <summary>
/// The playground is on by default when no chat platform is configured, so a newcomer sees the whole
/// product with no credentials; <c>Playground:Enabled</c> forces it on or off.
/// </summary>
public static class PlaygroundServiceCollectionExtensions
{
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>("Playground:Enabled")
        ?? (string.IsNullOrEmpty(configuration["Slack:SigningSecret"]) && string.IsNullOrEmpty(configuration["Teams:AppId"]));

    public static IServiceCollection AddPlayground(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            services.AddSingleton<IChatPlatform, PlaygroundChatPlatform>();
            services.AddSingleton<DemoProgramSeeder>();
            if (configuration.GetValue<bool>("Demo:Seed"))
            {
                services.AddHostedService<DemoSeedOnStart>();
            }
        }

        return services;
    }

    public static WebApplication MapPlaygroundIfEnabled(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
        {
            app.MapPlayground();
        }

        return app;
    }
}
