using Microsoft.AspNetCore.Builder;
using StatusBot.Host;

namespace StatusBot.Benchmarks.Slack;

/// <summary>Starts the real host and waits until its store is migrated.</summary>
internal static class BenchHost
{
    public static async Task<(WebApplication App, HttpClient Http)> StartAsync(string[] args, Action<WebApplicationBuilder> configure)
    {
        var app = StatusBotApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", .. args], configure);
        await app.StartAsync();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri(app.Addresses()[0].TrimEnd('/') + "/"),
        };
        for (var i = 0; i < 400; i++)
        {
            using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
            if (ready.IsSuccessStatusCode)
            {
                return (app, http);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The host did not become ready");
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

}
