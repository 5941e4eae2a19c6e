using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StatusBot.Core.Observability;
using StatusBot.Data;

namespace StatusBot.Host.Observability;

/// <summary>
/// OpenTelemetry for the host: the meters and spans the code records (<see cref="StatusBotTelemetry"/>,
/// <see cref="StoreTelemetry"/>) plus ASP.NET Core's, exported to <c>/metrics</c> (Prometheus text, off by default,
/// loopback or <c>Metrics:Token</c> only) and/or to an OTLP collector (<c>OpenTelemetry:Otlp:Endpoint</c>, off by
/// default). With both off nothing listens, and recording costs next to nothing.
/// </summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddStatusBotObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddOptions<OpenTelemetryOptions>().Bind(configuration.GetSection(OpenTelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenTelemetryOptions>, OpenTelemetryOptionsValidator>();
        services.AddSingleton<OutboxGauges>();

        // Read without validation to decide what to register; a wrong value is the validator's to report at start.
        var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        var telemetry = configuration.GetSection(OpenTelemetryOptions.Section).Get<OpenTelemetryOptions>() ?? new OpenTelemetryOptions();
        var otlp = telemetry.Otlp;
        if (metrics.Enabled || otlp.IsEnabled)
        {
            AddOpenTelemetry(services, metrics, telemetry);
        }

        return services;
    }

    // A method of its own, never inlined: with metrics and OTLP off (the default) compiling AddStatusBotObservability then
    // loads none of OpenTelemetry's assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(IServiceCollection services, MetricsOptions metrics, OpenTelemetryOptions telemetry)
    {
        var otlp = telemetry.Otlp;
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(telemetry.ServiceName) ? "statusbot" : telemetry.ServiceName))
            .WithMetrics(meters =>
            {
                meters.AddMeter(StatusBotTelemetry.Name).AddAspNetCoreInstrumentation();
                if (metrics.Enabled)
                {
                    // Each scrape sees the current values (scrapers ask every 15 s or so; a scrape is cheap).
                    meters.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp.IsEnabled && Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint))
                {
                    meters.AddOtlpExporter(exporter => Configure(exporter, otlp, endpoint, "v1/metrics"));
                }
            });
        if (otlp.IsEnabled && otlp.Traces && Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var traceEndpoint))
        {
            builder.WithTracing(traces => traces
                .AddSource(StatusBotTelemetry.Name, StoreTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperatorPath(context.Request.Path))
                .AddOtlpExporter(exporter => Configure(exporter, otlp, traceEndpoint, "v1/traces")));
        }
    }

    /// <summary>Creates the outbox gauges and maps <c>/metrics</c> when it is on, refusing callers that are neither local nor hold the token.</summary>
    public static WebApplication UseStatusBotObservability(this WebApplication app)
    {
        var metrics = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        var telemetry = app.Configuration.GetSection(OpenTelemetryOptions.Section).Get<OpenTelemetryOptions>() ?? new OpenTelemetryOptions();
        if (metrics.Enabled || telemetry.Otlp.IsEnabled)
        {
            app.Services.GetRequiredService<OutboxGauges>();
        }

        if (!metrics.Enabled)
        {
            return app;
        }

        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(MetricsPath),
            branch => branch.Use(async (context, next) =>
            {
                var token = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Token;
                if (OperatorAccess.Allows(context, token))
                {
                    await next(context);
                    return;
                }

                context.Response.StatusCode = string.IsNullOrEmpty(token) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                if (!string.IsNullOrEmpty(token))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer realm=\"StatusBot metrics\"";
                }

                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("/metrics answers callers on this machine, or with the Metrics:Token bearer token.\n");
            }));
        MapScrapingEndpoint(app);
        return app;
    }

    // Never inlined, for the reason given at AddOpenTelemetry.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapScrapingEndpoint(WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    private static bool IsOperatorPath(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static void Configure(OtlpExporterOptions exporter, OtlpOptions otlp, Uri endpoint, string signalPath)
    {
        if (otlp.Protocol == "http/protobuf")
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            // Given the collector's base address, as for the OTEL_EXPORTER_OTLP_ENDPOINT variable: each signal has its own path.
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }

        if (!string.IsNullOrWhiteSpace(otlp.Headers))
        {
            exporter.Headers = otlp.Headers;
        }
    }
}
