using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Who may open Hangfire's operator dashboard at <see cref="SchedulerDashboard.Path"/>:
/// <list type="bullet">
/// <item>a caller on this machine (loopback), when the request carries no forwarding header at all;</item>
/// <item>a caller elsewhere only through a proxy listed in <c>Scheduling:DashboardTrustedProxies</c> (its
/// <c>X-Forwarded-For</c> is believed) and with <c>Scheduling:DashboardToken</c> as the HTTP basic password (or bearer);</item>
/// <item>nobody else: a forwarded request from an untrusted address (a proxy on this machine would otherwise make every
/// caller look local), anonymous callers, and playground identities (the playground names people, it proves nothing).</item>
/// </list>
/// </summary>
public sealed class SchedulerDashboardAccess(IOptions<SchedulingOptions> options)
{
    /// <summary>Set by ASP.NET Core's forwarded-headers middleware when it believed a trusted proxy.</summary>
    private const string OriginalFor = "X-Original-For";

    public bool MayOpen(HttpContext context)
    {
        var headers = context.Request.Headers;

        // Forwarding headers still present were not consumed by a trusted proxy: the real caller is unknown.
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        var throughTrustedProxy = headers.ContainsKey(OriginalFor);
        if (!throughTrustedProxy)
        {
            return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        }

        return options.Value.DashboardToken is { Length: > 0 } token && Presented(context.Request) is { } presented
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }

    /// <summary>The credential in <c>Authorization</c>: a bearer token, or the password of basic authentication.</summary>
    private static string? Presented(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value["Bearer ".Length..].Trim();
        }

        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Maps the operator dashboard, when the scheduler runs.</summary>
public static class SchedulerDashboard
{
    public const string Path = "/hangfire";

    /// <summary>True when this host has a dashboard and <paramref name="context"/>'s caller may open it.</summary>
    public static bool Visible(HttpContext context) =>
        HasScheduler(context.RequestServices)
        && context.RequestServices.GetService<SchedulerDashboardAccess>()?.MayOpen(context) == true;

    // Asked without creating the storage: it is built when first used (see JobPlans), here by the dashboard's first request.
    private static bool HasScheduler(IServiceProvider services) =>
        services.GetService<IServiceProviderIsService>()?.IsService(typeof(JobStorage)) == true;

    public static WebApplication MapSchedulerDashboard(this WebApplication app)
    {
        if (!HasScheduler(app.Services))
        {
            return app;
        }

        // Read without validation: the app is being built, and a wrong setting is the validator's to report at start.
        var options = app.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var proxies = options.DashboardTrustedProxies.Select(p => IPAddress.TryParse(p, out var address) ? address : null).OfType<IPAddress>().ToList();
        if (proxies.Count > 0)
        {
            // Only the dashboard believes forwarding headers, and only from the listed proxies (not the default loopback).
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            app.UseWhen(context => context.Request.Path.StartsWithSegments(Path) || context.Request.Path == "/", branch => branch.UseForwardedHeaders(forwarded));
        }

        // Hangfire's dashboard (its route table, page classes and their regular expressions) is built on the first request
        // to it, not at start: most hosts never open it, and building it cost start-up time and resident memory.
        var dashboard = new Lazy<RequestDelegate>(() => new ApplicationBuilder(app.Services)
            .UseHangfireDashboard(Path, new DashboardOptions
            {
                AppPath = "/",
                DashboardTitle = "StatusBot scheduler",
                DisplayStorageConnectionString = false,
                Authorization = [],
                AsyncAuthorization = [new AccessFilter(app.Services.GetRequiredService<SchedulerDashboardAccess>(), options.DashboardToken is { Length: > 0 })],
            }, app.Services.GetRequiredService<JobStorage>())
            .Build());
        app.Map(Path + "/{**path}", (RequestDelegate)(context => dashboard.Value(context)));
        return app;
    }

    private sealed class AccessFilter(SchedulerDashboardAccess access, bool tokenConfigured) : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var allowed = access.MayOpen(http);
            if (!allowed && tokenConfigured)
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"StatusBot scheduler\", charset=\"UTF-8\"";
            }

            return Task.FromResult(allowed);
        }
    }
}
