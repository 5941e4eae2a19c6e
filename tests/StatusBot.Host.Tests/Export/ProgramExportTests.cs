using System.Net;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Host.Dashboard;
using StatusBot.Host.Export;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Export;

/// <summary>
/// <c>/programs/{id}/export.csv</c> and <c>.json</c> over real HTTP on both stores: the content pinned by golden files and
/// read back with CsvHelper, the headers a browser saves it by, and exactly the dashboard's access.
/// </summary>
public sealed class ProgramExportTests
{
    private const string Token = "leadership-bookmark-token-1";
    private const string OtherToken = "other-workspace-token-22";

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ProgramWorld> StartAsync(StoreKind store) =>
        ProgramWorld.StartAsync(
            store,
            ExportScenario.Week1,
            "tina",
            "--Dashboard:ReaderTokens:0:Workspace", "playground",
            "--Dashboard:ReaderTokens:0:Token", Token,
            "--Dashboard:ReaderTokens:1:Workspace", "slack:T2",
            "--Dashboard:ReaderTokens:1:Token", OtherToken);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_csv_and_json_hold_every_team_week_dependency_history_risk_and_decision(StoreKind store)
    {
        await using var world = await StartAsync(store);
        var scenario = await ExportScenario.BuildAsync(world);
        using var http = world.Http();
        var link = Link(world, scenario.ProgramId);

        var csv = await http.GetAsync(link.Replace("?", "/export.csv?", StringComparison.Ordinal), Ct);
        var json = await http.GetAsync(link.Replace("?", "/export.json?", StringComparison.Ordinal), Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("statusbot-apollo-2026-12-02.csv", csv.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json; charset=utf-8", json.Content.Headers.ContentType!.ToString());
        Assert.Equal("statusbot-apollo-2026-12-02.json", json.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var csvText = await csv.Content.ReadAsStringAsync(Ct);
        Golden.Verify("export.apollo.csv", csvText.ReplaceLineEndings("\n"));
        Golden.Verify("export.apollo.json", await json.Content.ReadAsStringAsync(Ct));
        Assert.Contains("\r\n", csvText, StringComparison.Ordinal); // RFC 4180 line ends

        var rows = Parse(await csv.Content.ReadAsByteArrayAsync(Ct));
        var weeks = rows.Where(r => r["section"] == "team_week")
            .Select(r => (r["team"], r["week_of"], r["status"], r["answered"], r["asked"], r["blockers_open"], r["blockers_resolved"]))
            .ToList();
        Assert.Equal(
            [
                ("Ledger", "2026-11-23", "on_track", "1", "1", "0", "0"),
                ("Payments", "2026-11-23", "at_risk", "2", "2", "1", "0"),
                ("Ledger", "2026-11-30", "off_track", "1", "1", "0", "0"),
                ("Payments", "2026-11-30", "at_risk", "1", "2", "0", "1"),
            ],
            weeks);
        var dependency = Assert.Single(rows, r => r["section"] == "dependency");
        Assert.Equal(
            (scenario.Dependency.ToString(System.Globalization.CultureInfo.InvariantCulture), "Ledger export API", "Payments", "Ledger", "2026-12-11", "2026-12-21", "slipped", "Beta"),
            (dependency["id"], dependency["name"], dependency["consumer_team"], dependency["provider_team"], dependency["need_by"], dependency["eta"], dependency["state"], dependency["milestone"]));
        Assert.Equal(
            [("", "2026-12-10", "leo", "2026-11-23T10:00:00Z"), ("2026-12-10", "2026-12-21", "leo", "2026-11-30T10:00:00Z")],
            rows.Where(r => r["section"] == "dependency_eta_change").Select(r => (r["from_date"], r["to_date"], r["by"], r["at"])));
        var move = Assert.Single(rows, r => r["section"] == "milestone_date_change");
        Assert.Equal(("Beta", "2026-12-18", "2027-01-08", "tina"), (move["name"], move["from_date"], move["to_date"], move["by"]));
        var risk = Assert.Single(rows, r => r["section"] == "risk");
        Assert.Equal(("PCI audit finds gaps", "3", "4", "12", "open", "paula", "Pre-audit, with Security"), (risk["name"], risk["probability"], risk["impact"], risk["score"], risk["state"], risk["owner"], risk["mitigation"]));
        // A decision that starts like a formula is kept from running in a spreadsheet: prefixed with ' (OWASP CSV injection).
        Assert.Equal(
            ["Ship lite refunds, no offline mode", "'+1 engineer for Ledger"],
            rows.Where(r => r["section"] == "decision").Select(r => r["name"]));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_exports_open_with_the_dashboards_link_or_token_and_nothing_else(StoreKind store)
    {
        await using var world = await StartAsync(store);
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "program create Gemini");
        var apollo = (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Apollo", default)))!.Id;
        var gemini = (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Gemini", default)))!.Id;
        using var http = world.Http();
        var apolloQuery = new Uri("http://x" + Link(world, apollo)).Query;
        var geminiQuery = new Uri("http://x" + Link(world, gemini)).Query;

        foreach (var kind in new[] { "csv", "json" })
        {
            var url = $"/programs/{apollo}/export.{kind}";
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + apolloQuery, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}?token={Token}", Ct)).StatusCode);
            foreach (var refused in new[] { string.Empty, geminiQuery, apolloQuery[..^2] + (apolloQuery[^2] == '0' ? "1" : "0") + apolloQuery[^1], "?token=not-a-configured-token", $"?token={OtherToken}", "?exp=1" })
            {
                var response = await http.GetAsync(url + refused, Ct);
                var dashboard = await http.GetAsync($"/programs/{apollo}{refused}", Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}{refused}: {response.StatusCode}");
                Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode); // the same door as the dashboard's
                Assert.Equal(await dashboard.Content.ReadAsStringAsync(Ct), await response.Content.ReadAsStringAsync(Ct));
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/programs/999999/export.csv?token={Token}", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_dashboard_links_both_exports_with_the_access_it_was_opened_with(StoreKind store)
    {
        await using var world = await StartAsync(store);
        await world.OkAsync("tina", "program create Apollo");
        var apollo = (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Apollo", default)))!.Id;
        using var http = world.Http();
        var link = Link(world, apollo);

        var signed = await http.GetStringAsync(link, Ct);
        var bookmarked = await http.GetStringAsync($"/programs/{apollo}?token={Token}", Ct);

        var query = new Uri("http://x" + link).Query.Replace("&", "&amp;", StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/programs/{apollo}/export.csv{query}\">CSV</a>", signed, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/programs/{apollo}/export.json{query}\">JSON</a>", signed, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/programs/{apollo}/export.csv?token={Token}\">CSV</a>", bookmarked, StringComparison.Ordinal);
    }

    /// <summary>A signed dashboard link of the program, as the digest carries it, made relative to the test host.</summary>
    private static string Link(ProgramWorld world, long programId) =>
        new Uri(world.Services.GetRequiredService<DashboardLinks>().LinkFor(programId)).PathAndQuery;

    /// <summary>The CSV read back with CsvHelper: one dictionary per record, keyed by header.</summary>
    private static List<Dictionary<string, string>> Parse(byte[] csv)
    {
        using var reader = CsvReader.Create(csv);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            Assert.Equal(ProgramExportCsv.Columns, reader.Headers.ToArray());
            rows.Add(ProgramExportCsv.Columns.ToDictionary(c => c, c => reader.GetString(c) ?? string.Empty));
        }

        return rows;
    }
}
