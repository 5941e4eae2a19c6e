using System.Net;
using System.Net.Http.Json;
using StatusBot.Host.Tests.Infrastructure;

namespace StatusBot.Host.Tests.Playground;

public sealed class PlaygroundEndpointTests
{
    private static string TempSqlite() =>
        $"ConnectionStrings:StatusBot=Data Source={Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db")}";

    [Fact]
    public async Task With_no_platform_configured_the_home_page_links_to_the_playground_page()
    {
        await using var host = await RunningHost.StartAsync(TempSqlite());

        var home = await host.Client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var page = await host.Client.GetAsync("/playground", TestContext.Current.CancellationToken);

        Assert.Contains("href=\"/playground\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("StatusBot playground", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_playground_can_be_switched_off()
    {
        await using var host = await RunningHost.StartAsync(TempSqlite(), "Playground:Enabled=false");

        var page = await host.Client.GetAsync("/playground", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData("robert'); drop table people;--")]
    public async Task A_bad_visitor_name_is_refused_with_what_a_name_may_be(string name)
    {
        await using var host = await RunningHost.StartAsync(TempSqlite());
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        var response = await host.Client.GetAsync($"/playground/api/inbox?as={Uri.EscapeDataString(name)}", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("as: pick who you are", problem!.Title, StringComparison.Ordinal);
    }

    private sealed record ProblemBody(string Title);
}
