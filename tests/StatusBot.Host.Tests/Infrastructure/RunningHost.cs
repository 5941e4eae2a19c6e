using Microsoft.AspNetCore.Builder;
using StatusBot.Host;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Infrastructure;

/// <summary>The real host on a free loopback port, with an HTTP client pointed at it.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration as <c>Key:Sub=value</c> pairs, passed like command-line arguments.</param>
    public static Task<RunningHost> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <param name="configure">Adds services (a log capture) before the host is built.</param>
    /// <param name="settings">Configuration as <c>Key:Sub=value</c> pairs, passed like command-line arguments.</param>
    public static async Task<RunningHost> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        // Every instance shares the dashboard key (required on PostgreSQL); a test's own settings come later and win.
        var args = new[] { "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--Dashboard:SigningKey=" + TestKeys.DashboardSigningKey }
            .Concat(settings.Select(setting => "--" + setting))
            .ToArray();
        var app = StatusBotApp.Build(args, configure);
        await app.StartAsync();
        return new RunningHost(app, new Uri(app.Addresses()[0]));
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/> or the time is up.</summary>
    public async Task<HttpResponseMessage> WaitForStatusAsync(string path, System.Net.HttpStatusCode status, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await Client.GetAsync(path);
            if (response.StatusCode == status || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
