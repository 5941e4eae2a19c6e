namespace StatusBot.Host.Security;

/// <summary>
/// Headers on every answer: <c>X-Content-Type-Options: nosniff</c> (a text or JSON answer is never run as script),
/// <c>Referrer-Policy: no-referrer</c> (a signed dashboard link or reader token in the address never leaves in a
/// <c>Referer</c>), and on StatusBot's own HTML pages a <c>Content-Security-Policy</c> that runs only scripts served
/// by StatusBot itself (no inline script), loads nothing from elsewhere and may not be framed.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Inline <c>style</c> stays allowed: the pages and the rendered messages use it, and a style cannot run code.
    /// <c>data:</c> images for the inline SVG icons browsers may ask for.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Hangfire's operator dashboard ships its own inline scripts; it gets the other headers.</summary>
    private const string SchedulerDashboard = "/hangfire";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !context.Request.Path.StartsWithSegments(SchedulerDashboard, StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
