using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using StatusBot.Data.Startup;
using StatusBot.Host.Commands;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Errors;
using StatusBot.Host.Export;
using StatusBot.Host.Health;
using StatusBot.Host.Observability;
using StatusBot.Host.Security;
using StatusBot.MicrosoftTeams.Startup;
using StatusBot.Playground;
using StatusBot.Scheduling;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Delivery;
using StatusBot.Scheduling.Inbound;
using StatusBot.Scheduling.Intelligence;
using StatusBot.Slack.Startup;

namespace StatusBot.Host;

/// <summary>The composition root: every feature's <c>AddXxx()</c> and endpoint mapping, in one place.</summary>
public static class StatusBotApp
{
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Storage:Provider=…</c>, <c>--demo</c>).</param>
    /// <param name="configure">Lets tests add configuration or replace services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // "--demo" is a bare switch; the command-line configuration provider wants key=value pairs.
        var demo = args.Contains("--demo");
        // The slim builder: the default one also wires IIS, HTTP/3 (QUIC), hosting-startup assembly scanning and the Debug
        // and EventSource log providers, none of which this host uses; loading them cost start time and resident memory
        // (see tests/StatusBot.Benchmarks/README.md, "idle host"). Kestrel's HTTPS endpoint configuration is kept, so a certificate given
        // under Kestrel:Endpoints still works.
        var builder = WebApplication.CreateSlimBuilder(args.Where(arg => arg != "--demo").ToArray());
        AddShippedSettings(builder);
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (demo)
        {
            builder.Configuration.AddInMemoryCollection([new("Demo:Seed", "true")]);
        }

        // Every environment validates the container at build: a missing registration fails the first test, not a user.
        builder.Host.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        UnhandledErrors.AddUnhandledErrors(builder.Services);
        builder.Services.AddStatusBotStorage(builder.Configuration);
        builder.Services.AddPlayground(builder.Configuration);
        builder.Services.AddDashboard(builder.Configuration);
        builder.Services.AddProgramExport();
        builder.Services.AddStatusBotIntelligence(builder.Configuration);
        builder.Services.AddStatusBotCommands(builder.Configuration);
        builder.Services.AddStatusBotCheckIns();
        builder.Services.AddStatusBotOutbox(builder.Configuration);
        builder.Services.AddStatusBotInbound(builder.Configuration);
        builder.Services.AddStatusBotScheduling(builder.Configuration);
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddMicrosoftTeams(builder.Configuration);
        builder.Services.AddStatusBotHealth(builder.Configuration);
        builder.Services.AddStatusBotObservability(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();

        // Outermost, so error answers carry the headers too; the body limits sit inside the handler that words a 413.
        app.UseSecurityHeaders();

        // Innermost of the two handlers Development has: ours answers first, so the developer page never shows a stack trace.
        app.UseExceptionHandler();
        app.UseStatusBotObservability();
        app.UseRequestLimits();
        app.UseSchedulerDashboardForms();
        app.UseDashboardCompression();
        app.MapSchedulerDashboard();
        app.MapGet("/", (HttpContext context) => Results.Content(
            HomePage.Html(PlaygroundServiceCollectionExtensions.IsEnabled(app.Configuration), SchedulerDashboard.Visible(context)),
            "text/html; charset=utf-8"));
        app.MapHealthEndpoints();
        app.MapPlaygroundIfEnabled();
        app.MapDashboard();
        app.MapProgramExport();
        app.MapSlack();
        app.MapMicrosoftTeams();
        return app;
    }

    /// <summary>
    /// Loads the appsettings.json shipped next to the host's DLL when the content root (the working directory) has none,
    /// so <c>cd /elsewhere &amp;&amp; dotnet /opt/statusbot/StatusBot.Host.dll</c> keeps the shipped admins and defaults. It is
    /// added where the content root's file would sit, so appsettings.{Environment}.json, environment variables and the
    /// command line still override it; a working directory with its own appsettings.json is used instead, as usual.
    /// The content root itself stays the working directory: relative paths (the SQLite file) stay where the operator
    /// started the host.
    /// </summary>
    private static void AddShippedSettings(WebApplicationBuilder builder)
    {
        const string file = "appsettings.json";
        var shipped = Path.Combine(AppContext.BaseDirectory, file);
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, file)) || !File.Exists(shipped))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var contentRootFile = sources.ToList().FindIndex(source => source is JsonConfigurationSource { Path: file });
        var fromBaseDirectory = new JsonConfigurationSource
        {
            Path = file,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        sources.Insert(contentRootFile >= 0 ? contentRootFile : 0, fromBaseDirectory);
    }

    /// <summary>The addresses Kestrel listens on, once started (resolves port 0 to the real port).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
