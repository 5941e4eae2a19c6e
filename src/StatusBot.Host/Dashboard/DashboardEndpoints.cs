using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.ResponseCompression;
using StatusBot.Core.Digests;

namespace StatusBot.Host.Dashboard;

/// <summary><c>GET /programs/{id}</c>: the read-only program dashboard, behind a signed link or a reader token.</summary>
public static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<IPublicBaseUrl, ListeningBaseUrl>();
        services.AddSingleton(provider => new DashboardLinks(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IPublicBaseUrl>()));
        services.AddSingleton<IProgramLinks>(provider => provider.GetRequiredService<DashboardLinks>());
        services.AddSingleton<DashboardModelLoader>();
        services.AddSingleton<DashboardAccess>();

        // The page of a 200-team program is about a megabyte of very repetitive HTML; compressed it is a fraction on the
        // wire. Brotli at its balanced level costs a few milliseconds per page, against the page's ~100 ms to build.
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compresses the dashboard's pages for clients that accept it (only those: the chat endpoints stay as they are).</summary>
    public static IApplicationBuilder UseDashboardCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/programs", StringComparison.Ordinal), branch => branch.UseResponseCompression());

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/programs/{id:long}", async (
            long id,
            string? exp,
            string? sig,
            string? token,
            [FromServices] DashboardAccess access,
            [FromServices] DashboardModelLoader loader,
            CancellationToken ct) =>
        {
            if (await access.RefusalAsync(id, exp, sig, token, ct) is { } refusal)
            {
                return Denied(refusal);
            }

            var model = await loader.LoadAsync(id, ct);
            return model is null
                ? Results.Content(Message("Not found", $"There is no program {id}."), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Results.Content(DashboardPage.Render(model, DashboardAccess.Query(exp, sig, token)), "text/html; charset=utf-8");
        });
        return endpoints;
    }

    internal static IResult Denied(string reason) =>
        Results.Content(Message("Access denied", reason), "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    internal static string Message(string title, string text) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>" +
        $"<body style=\"font:15px system-ui,sans-serif;max-width:560px;margin:64px auto\"><h1>{title}</h1><p>{WebUtility.HtmlEncode(text)}</p></body></html>";
}
