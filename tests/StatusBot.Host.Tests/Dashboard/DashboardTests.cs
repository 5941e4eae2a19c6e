using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Storage;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Testing;

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
        // Links are absolute; without Digest:PublicBaseUrl they carry the address the host listens on.
        Assert.StartsWith(new Uri(host.Client.BaseAddress!, "/programs/").ToString(), demo!.Dashboard, StringComparison.Ordinal);
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
    public async Task A_reader_token_opens_the_programs_of_its_workspace_only()
    {
        var (host, programId, _) = await DemoAsync(
            "Dashboard:ReaderTokens:0:Workspace=playground",
            "Dashboard:ReaderTokens:0:Token=leadership-bookmark-token-1",
            "Dashboard:ReaderTokens:1:Workspace=slack:T2",
            "Dashboard:ReaderTokens:1:Token=other-workspace-token-22");
        await using var _ = host;
        var store = host.Services.GetRequiredService<IStatusBotStore>();
        long hermes;
        await using (var session = await store.BeginAsync(TestContext.Current.CancellationToken))
        {
            await Seed.WorkspaceAsync(session, "slack:T2");
            hermes = (await Seed.ProgramAsync(session, "Hermes", "slack:T2")).Id;
            await session.CommitAsync(TestContext.Current.CancellationToken);
        }

        var ok = await host.Client.GetAsync($"/programs/{programId}?token=leadership-bookmark-token-1", TestContext.Current.CancellationToken);
        var wrong = await host.Client.GetAsync($"/programs/{programId}?token=leadership-bookmark-token-2", TestContext.Current.CancellationToken);
        var missing = await host.Client.GetAsync($"/programs/999999?token=leadership-bookmark-token-1", TestContext.Current.CancellationToken);
        var otherWorkspace = await host.Client.GetAsync($"/programs/{hermes}?token=leadership-bookmark-token-1", TestContext.Current.CancellationToken);
        var ownWorkspace = await host.Client.GetAsync($"/programs/{hermes}?token=other-workspace-token-22", TestContext.Current.CancellationToken);
        var backAgain = await host.Client.GetAsync($"/programs/{programId}?token=other-workspace-token-22", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherWorkspace.StatusCode);
        var refusal = await otherWorkspace.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("does not open programs of this workspace", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Hermes", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ownWorkspace.StatusCode);
        Assert.Contains("<h1>Hermes</h1>", await ownWorkspace.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, backAgain.StatusCode);
    }

    [Fact]
    public async Task A_link_signed_by_one_instance_opens_on_another_with_the_same_key_and_not_with_another_key()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        try
        {
            string[] postgres = ["Storage:Provider=Postgres", $"ConnectionStrings:StatusBot={connectionString}"];
            await using var first = await RunningHost.StartAsync([.. postgres, $"Dashboard:SigningKey={Key}"]);
            await first.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            await using var second = await RunningHost.StartAsync([.. postgres, $"Dashboard:SigningKey={Key}"]);
            await using var otherKey = await RunningHost.StartAsync([.. postgres, "Dashboard:SigningKey=another-key-of-at-least-32-characters!"]);
            await second.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            await otherKey.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            var demo = await (await first.Client.PostAsync("/playground/api/demo", null, TestContext.Current.CancellationToken))
                .Content.ReadFromJsonAsync<DemoBody>(TestContext.Current.CancellationToken);
            var link = new Uri(demo!.Dashboard!).PathAndQuery;

            var onFirst = await first.Client.GetAsync(link, TestContext.Current.CancellationToken);
            var onSecond = await second.Client.GetAsync(link, TestContext.Current.CancellationToken);
            var onOtherKey = await otherKey.Client.GetAsync(link, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
            Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
            Assert.Contains("<h1>Checkout Relaunch</h1>", await onSecond.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, onOtherKey.StatusCode);
            Assert.Contains("not valid for this program", await onOtherKey.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("Dashboard:ReaderTokens:0", "leadership-bookmark-token-1", "Dashboard:ReaderTokens:0: needs a Workspace and a Token")]
    [InlineData("Dashboard:ReaderTokens:0:Token", "leadership-bookmark-token-1", "Dashboard:ReaderTokens:0: needs a Workspace and a Token")]
    [InlineData("Dashboard:ReaderTokens:0:Workspace", "playground", "Dashboard:ReaderTokens:0: needs a Workspace and a Token")]
    public void A_reader_token_without_its_workspace_is_refused_at_start(string key, string value, string problem)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })
            .Build();
        var options = new DashboardOptions();
        configuration.GetSection(DashboardOptions.Section).Bind(options);

        var result = new DashboardOptionsValidator(configuration).Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith(problem, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    private sealed record DemoBody(long ProgramId, bool Created, string Name, string? Dashboard);
}
