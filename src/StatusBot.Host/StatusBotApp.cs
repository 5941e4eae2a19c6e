using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StatusBot.Data.Startup;
using StatusBot.Host.Health;
using StatusBot.Slack.Startup;

namespace StatusBot.Host;

/// <summary>The composition root: every feature's <c>AddXxx()</c> and endpoint mapping, in one place.</summary>
public static class StatusBotApp
{
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Storage:Provider=…</c>).</param>
    /// <param name="configure">Lets tests add configuration or replace services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStatusBotStorage(builder.Configuration);
        builder.Services.AddSlack(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/", () => Results.Text("StatusBot is running. Health: /healthz, readiness: /readyz\n"));
        app.MapHealthEndpoints();
        app.MapSlack();
        return app;
    }

    /// <summary>The addresses Kestrel listens on, once started (resolves port 0 to the real port).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
