using Microsoft.AspNetCore.Http.Features;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;

namespace StatusBot.Host.Security;

/// <summary>
/// The largest request body each endpoint accepts, enforced by Kestrel per request: a declared <c>Content-Length</c>
/// past the limit is answered 413 before a byte of the body is read, and a chunked body that grows past it stops the
/// read with 413 (Kestrel counts the bytes as they arrive), so no endpoint holds more than its limit in memory.
/// </summary>
public static class RequestLimits
{
    /// <summary>Everything not listed below: pages, health, the OAuth callback (query strings only; no body expected).</summary>
    public const long DefaultBytes = 16 * 1024;

    /// <summary>Path prefix and limit, most specific first; the README's "Security and reliability" lists the same figures.</summary>
    public static IReadOnlyList<(string Prefix, long Bytes)> Table { get; } =
    [
        // Slack's form (text up to 4,000 characters, URL-encoded) is a few KB.
        ("/slack/commands", 64 * 1024),

        // Interactions carry the whole modal view; events a message of up to 40,000 characters, JSON-escaped.
        ("/slack/interactions", 1024 * 1024),
        ("/slack/events", 1024 * 1024),

        // Bot Framework activities: Teams refuses messages past about 28 KB; the adapter reads at most this much.
        ("/api/messages", 256 * 1024),
        ("/playground/api", 64 * 1024),

        // The scheduler dashboard's forms (re-run or delete a page of jobs).
        ("/hangfire", 64 * 1024),
    ];

    /// <summary>The limit of the endpoint at <paramref name="path"/>.</summary>
    public static long For(PathString path)
    {
        foreach (var (prefix, bytes) in Table)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return bytes;
            }
        }

        return DefaultBytes;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = For(context.Request.Path);
        if (context.Request.ContentLength > limit)
        {
            // Refused before the adapter sees it: counted here, with the adapter's own size refusals.
            if (PlatformOf(context.Request.Path) is { } platform)
            {
                StatusBotTelemetry.RecordInboundRefused(platform, "size");
            }

            await Refuse(context, limit);
            return;
        }

        // Read-only once the body has been read or the connection upgraded; nothing here has read it yet.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);

        // Minimal APIs that bind a JSON body answer a body cut off at the limit with a bare 413: it gets the same words.
        if (context.Response is { StatusCode: StatusCodes.Status413PayloadTooLarge, HasStarted: false })
        {
            await Refuse(context, limit);
        }
    });

    private static ChatPlatform? PlatformOf(PathString path) =>
        path.StartsWithSegments("/slack") ? ChatPlatform.Slack : path.StartsWithSegments("/api/messages") ? ChatPlatform.Teams : null;

    /// <summary>The message a refused body gets, here and from the exception handler when a chunked body overruns.</summary>
    public static string TooLarge(long limit) =>
        $"The request body is too large: this endpoint accepts at most {limit / 1024} KB. Nothing was read or changed.";

    private static Task Refuse(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;

        // The unread body is not drained: the connection is closed after the answer.
        context.Response.Headers.Connection = "close";
        return context.Response.WriteAsJsonAsync(
            new { type = "https://httpstatuses.io/413", title = TooLarge(limit), status = StatusCodes.Status413PayloadTooLarge },
            options: null,
            contentType: "application/problem+json");
    }
}
