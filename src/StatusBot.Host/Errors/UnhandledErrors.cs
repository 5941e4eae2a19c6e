using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using StatusBot.Core.Storage;
using StatusBot.Host.Security;

namespace StatusBot.Host.Errors;

/// <summary>
/// The one place an exception that escapes an endpoint becomes a response, in every environment (Development included):
/// problem-details JSON for the APIs, a short page for browsers, never a stack trace or an internal type name. The
/// details go to the log only.
/// </summary>
public sealed class UnhandledErrors(ILogger<UnhandledErrors> logger) : IExceptionHandler
{
    public const string ServerFault = "Something went wrong on StatusBot's side and nothing was changed. Please try again; if it keeps failing, the server log has the details.";

    public static IServiceCollection AddUnhandledErrors(IServiceCollection services)
    {
        services.AddExceptionHandler<UnhandledErrors>();
        services.AddProblemDetails();

        // Minimal APIs answer an unreadable body with an empty 400 outside Development; thrown, it gets a message here.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title) = exception switch
        {
            // A body cut off at its limit while a minimal API reads it as JSON arrives wrapped in that API's own 400.
            _ when IsBodyTooLarge(exception) => (StatusCodes.Status413PayloadTooLarge, RequestLimits.TooLarge(RequestLimits.For(httpContext.Request.Path))),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read: send a JSON body with the fields this endpoint expects."),
            // What the form reader throws for a malformed or oversized form (too many fields, a key past its limit).
            InvalidDataException => (StatusCodes.Status400BadRequest, "The form could not be read: send a well-formed form with the fields this endpoint expects."),
            DuplicateEntityException => (StatusCodes.Status409Conflict, "That already exists, so nothing was changed."),
            UnstorableTextException unstorable => (StatusCodes.Status400BadRequest, unstorable.Message),
            _ => (StatusCodes.Status500InternalServerError, ServerFault),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }

        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.Clear();
        httpContext.Response.StatusCode = status;
        if (WantsPage(httpContext.Request))
        {
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync(Page(status, title), cancellationToken);
        }
        else
        {
            await httpContext.Response.WriteAsJsonAsync(
                new { type = $"https://httpstatuses.io/{status}", title, status },
                options: httpContext.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<JsonOptions>>()?.Value.SerializerOptions,
                contentType: "application/problem+json",
                cancellationToken: cancellationToken);
        }

        return true;
    }

    /// <summary>A browser asking for a page (not one of the JSON APIs) gets HTML.</summary>
    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/playground/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/slack", StringComparison.OrdinalIgnoreCase);

    private static string Page(int status, string text) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>StatusBot: error {status}</title></head>" +
        $"<body style=\"font:15px system-ui,sans-serif;max-width:560px;margin:64px auto\"><h1>Sorry</h1><p>{WebUtility.HtmlEncode(text)}</p></body></html>";
}
