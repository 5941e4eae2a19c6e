using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Tests.Infrastructure;

namespace StatusBot.Host.Tests.Dashboard;

/// <summary>Links posted to chat point at the host people can reach: the configured public address, else the listening one.</summary>
public sealed class PublicLinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempSqlite() =>
        $"ConnectionStrings:StatusBot=Data Source={Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db")}";

    [Fact]
    public async Task Moving_the_port_with_urls_moves_the_demo_dashboard_link_and_the_link_opens()
    {
        var port = FreeLoopbackPort();
        await using var host = await RunningHost.StartAsync(TempSqlite(), $"urls=http://127.0.0.1:{port}");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        var demo = await DemoLinkAsync(host);

        Assert.StartsWith($"http://127.0.0.1:{port}/programs/", demo, StringComparison.Ordinal);
        using var browser = new HttpClient(); // follows the absolute link as someone clicking it in chat would
        var page = await browser.GetAsync(new Uri(demo), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Checkout Relaunch</h1>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_public_base_url_wins_over_the_listening_address()
    {
        await using var host = await RunningHost.StartAsync(TempSqlite(), "Digest:PublicBaseUrl=https://statusbot.example.com/");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        var demo = await DemoLinkAsync(host);

        Assert.StartsWith("https://statusbot.example.com/programs/", demo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080")]
    [InlineData("https://127.0.0.1:8443;http://localhost:8080", "http://localhost:8080")]
    [InlineData("http://10.1.2.3:8080;http://[::1]:8081", "http://[::1]:8081")]
    public void A_wildcard_listener_is_linked_on_loopback_and_http_loopback_is_preferred(string listening, string expected) =>
        Assert.Equal(expected, ListeningBaseUrl.Choose(listening.Split(';')));

    private static async Task<string> DemoLinkAsync(RunningHost host)
    {
        var response = await host.Client.PostAsync("/playground/api/demo", null, Ct);
        response.EnsureSuccessStatusCode();
        var demo = await response.Content.ReadFromJsonAsync<DemoBody>(Ct);
        return demo!.Dashboard!;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.NotEqual(5080, port);
        return port;
    }

    private sealed record DemoBody(long ProgramId, bool Created, string Name, string? Dashboard);
}
