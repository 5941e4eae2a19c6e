namespace StatusBot.Host.Security;

/// <summary>
/// The scheduler dashboard's actions are HTML form posts; Hangfire reads the form without checking its type, so a
/// post of anything else would surface as a server error. It gets 415 with what to send instead.
/// </summary>
public static class SchedulerDashboardForms
{
    private const string Path = "/hangfire";

    public static IApplicationBuilder UseSchedulerDashboardForms(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase) && !request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsJsonAsync(
                new
                {
                    type = "https://httpstatuses.io/415",
                    title = "The scheduler dashboard's actions take a form (application/x-www-form-urlencoded); nothing was changed.",
                    status = StatusCodes.Status415UnsupportedMediaType,
                },
                options: null,
                contentType: "application/problem+json");
            return;
        }

        await next(context);
    });
}
