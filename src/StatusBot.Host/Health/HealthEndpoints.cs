using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Host.Observability;

namespace StatusBot.Host.Health;

/// <summary>
/// ASP.NET Core health checks. <c>/healthz</c>: the process runs (for a liveness probe; runs no check). <c>/readyz</c>:
/// the store is reachable and migrated, the scheduler has synced its jobs, and the outbox is not stuck (for a load balancer); otherwise
/// 503. The reasons (server names, error texts) go only to a caller on this machine or one with <c>Health:Token</c>;
/// anyone else reads "ready" or "not ready".
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddStatusBotHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [Ready]);

        // The framework logs every unhealthy probe as an error: a load balancer polling a starting or degraded instance
        // would fill the log with one per probe. /readyz answers with the reason, and the parts that fail (the store,
        // the scheduler, the outbox) log their own failures once, where they happen.
        services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical));
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => WriteAsync(context, "ok\n"),
        });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(Ready),
            ResponseWriter = WriteReadinessAsync,
        });
        return endpoints;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            return WriteAsync(context, "ready\n");
        }

        var token = context.RequestServices.GetRequiredService<IOptions<HealthOptions>>().Value.Token;
        if (!OperatorAccess.Allows(context, token))
        {
            return WriteAsync(context, "not ready\n");
        }

        var reasons = report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? "failed"}");
        return WriteAsync(context, "not ready\n" + string.Join('\n', reasons) + "\n");
    }

    private static Task WriteAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text);
    }
}
