using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Tests.Infrastructure;

namespace StatusBot.Host.Tests.Dashboard;

public sealed class DashboardTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-test-key";

    private static string TempSqlite() =>
        $"ConnectionStrings:StatusBot=Data Source={Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db")}";

    private static async Task<(RunningHost Host, long ProgramId, string Link)> DemoAsync(params string[] settings)
    {
        var host = await RunningHost.StartAsync([TempSqlite(), $"Dashboard:SigningKey={Key}", .. settings]);
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var response = await host.Client.PostAsync("/playground/api/demo", null, TestContext.Current.CancellationToken);
        var demo = await response.Content.ReadFromJsonAsync<DemoBody>(TestContext.Current.CancellationToken);
        // Links are absolute (Digest:PublicBaseUrl, default http://127.0.0.1:5080); the test host listens elsewhere.
        Assert.StartsWith("http://127.0.0.1:5080/programs/", demo!.Dashboard, StringComparison.Ordinal);
        return (host, demo.ProgramId, new Uri(demo.Dashboard!).PathAndQuery);
    }

    [Fact]
    public async Task A_signed_link_shows_the_grid_the_dependency_map_the_risk_matrix_and_blockers()
    {
        var (host, programId, link) = await DemoAsync();
        await using var _ = host;

        var page = await host.Client.GetStringAsync(link, TestContext.Current.CancellationToken);

        Assert.StartsWith($"/programs/{programId}?exp=", link, StringComparison.Ordinal);
        Assert.Contains("<h1>Checkout Relaunch</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"depmap\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"edge slipped", page, StringComparison.Ordinal);
        Assert.Contains("class=\"edge at-risk critical\"", page, StringComparison.Ordinal);
        foreach (var team in new[] { "Payments", "Checkout Web", "Mobile App", "Identity", "Data Platform", "SRE" })
        {
            Assert.Contains($"<tr><th>{team}</th>", page, StringComparison.Ordinal);
        }

        Assert.Contains("<td class=\"off-track\"", page, StringComparison.Ordinal);
        Assert.Contains("<table class=\"matrix\">", page, StringComparison.Ordinal);
        Assert.Contains("review overdue", page, StringComparison.Ordinal);
        Assert.Contains("Waiting on Identity&#39;s token exchange service", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_link_with_a_tampered_or_expired_one_the_page_is_refused()
    {
        var (host, programId, link) = await DemoAsync();
        await using var _ = host;
        var expired = new DashboardLinks(
            Options.Create(new DashboardOptions { SigningKey = Key, LinkLifetime = TimeSpan.FromMinutes(5) }),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1)),
            host.Client.BaseAddress!.ToString()).LinkFor(programId);
        expired = new Uri(expired).PathAndQuery;

        var bare = await host.Client.GetAsync($"/programs/{programId}", TestContext.Current.CancellationToken);
        var otherProgram = await host.Client.GetAsync(link.Replace($"/programs/{programId}?", $"/programs/{programId + 1}?", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var old = await host.Client.GetAsync(expired, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Contains("needs a signed link", await bare.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherProgram.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
        Assert.Contains("has expired", await old.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_reader_token_opens_the_page_and_a_wrong_one_does_not()
    {
        var (host, programId, _) = await DemoAsync("Dashboard:ReaderTokens:0=leadership-bookmark-token-1");
        await using var _ = host;

        var ok = await host.Client.GetAsync($"/programs/{programId}?token=leadership-bookmark-token-1", TestContext.Current.CancellationToken);
        var wrong = await host.Client.GetAsync($"/programs/{programId}?token=leadership-bookmark-token-2", TestContext.Current.CancellationToken);
        var missing = await host.Client.GetAsync($"/programs/999999?token=leadership-bookmark-token-1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private sealed record DemoBody(long ProgramId, bool Created, string Name, string? Dashboard);
}
