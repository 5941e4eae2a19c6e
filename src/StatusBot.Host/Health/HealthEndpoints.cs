using StatusBot.Core.Health;

namespace StatusBot.Host.Health;

/// <summary>
/// <c>/healthz</c>: the process runs (for a liveness probe). <c>/readyz</c>: every part it needs is up
/// (for a load balancer), otherwise 503 with the reason of each part that is not.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (IEnumerable<IReadinessCheck> checks) =>
        {
            var problems = checks
                .Where(check => check.Problem is not null)
                .Select(check => $"{check.Name}: {check.Problem}")
                .ToList();
            return problems.Count == 0
                ? Results.Text("ready\n")
                : Results.Text("not ready\n" + string.Join('\n', problems) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
