using System.Net;
using Microsoft.Playwright;
using StatusBot.Host.Tests.Infrastructure;

namespace StatusBot.Host.Tests.Browser;

/// <summary>
/// The whole product in a browser, through the playground: a TPM sets a program up with commands, an
/// engineer answers the check-in form, the digest lands in the channel, and the dashboard shows the map
/// and the grid. Screenshots are saved to <c>artifacts/screenshots/</c>.
/// </summary>
public sealed class PlaygroundJourneyTests
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_tpm_sets_up_a_program_an_engineer_answers_the_form_and_the_digest_reaches_the_channel()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var host = await StartHostAsync();
        var baseUrl = host.Client.BaseAddress!.ToString().TrimEnd('/');

        var tina = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await tina.GotoAsync($"{baseUrl}/playground?as=tina");
        foreach (var command in new[]
        {
            "/statusbot program create Apollo",
            "/statusbot team add Payments to Apollo",
            "/statusbot team members Payments @alice @bob",
            "/statusbot program channel Apollo #leadership",
            "/statusbot team schedule Payments monday 09:00 Europe/Berlin window 24h remind 4h",
            "/statusbot checkin start Payments",
        })
        {
            await SayAsync(tina, command);
        }

        await Assertions.Expect(tina.Locator("#dm")).ToContainTextAsync("Created program Apollo", new() { Timeout = 15_000 });
        await Assertions.Expect(tina.Locator("#dm")).ToContainTextAsync("2 prompted", new() { Timeout = 15_000 });

        var alice = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await alice.GotoAsync($"{baseUrl}/playground?as=alice");
        var form = alice.Locator("form.sb-form").First;
        await Assertions.Expect(form).ToBeVisibleAsync(Soon);
        await form.Locator("input[name=status][value=at_risk]").CheckAsync();
        await form.Locator("textarea[name=progress]").FillAsync("Ledger API shipped to staging");
        await form.Locator("textarea[name=next]").FillAsync("Refund flows");
        await form.Locator("textarea[name=blockers]").FillAsync("Waiting on the security review");
        await alice.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("playground-checkin-form.png"), FullPage = true });
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(alice.Locator("#dm [data-kind='checkin.confirmation']")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(alice.Locator("#dm [data-kind='checkin.confirmation']")).ToContainTextAsync("Ledger API shipped to staging");

        await SayAsync(tina, "/statusbot digest post Apollo");
        var digest = tina.Locator("#channels [data-kind='digest']");
        await Assertions.Expect(digest).ToBeVisibleAsync(Soon);
        await Assertions.Expect(digest).ToContainTextAsync("Payments");
        await Assertions.Expect(digest).ToContainTextAsync("Waiting on the security review");
        await tina.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("playground-digest.png"), FullPage = true });
    }

    [Fact]
    public async Task The_demo_program_dashboard_shows_the_dependency_map_and_the_status_grid()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var host = await StartHostAsync();
        var baseUrl = host.Client.BaseAddress!.ToString().TrimEnd('/');

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync($"{baseUrl}/playground?as=tina");
        await page.ClickAsync("#demo");
        var link = page.Locator("#dashboard");
        await Assertions.Expect(link).ToBeVisibleAsync(Soon);

        // The link is absolute, on the address the host listens on (no Digest:PublicBaseUrl is configured).
        var href = await link.GetAttributeAsync("href");
        Assert.StartsWith(baseUrl + "/programs/", href, StringComparison.Ordinal);
        await page.GotoAsync(href!);

        await Assertions.Expect(page.Locator("svg.depmap")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator("svg.depmap g.edge.slipped")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("svg.depmap g.edge.critical").CountAsync() >= 1);
        await Assertions.Expect(page.Locator("table.grid tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("table.grid td.off-track").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#digest [data-kind='digest']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard.png"), FullPage = true });
    }

    private static async Task<RunningHost> StartHostAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        var host = await RunningHost.StartAsync($"ConnectionStrings:StatusBot=Data Source={file}");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        return host;
    }

    private static async Task SayAsync(IPage page, string text)
    {
        var before = await page.Locator("#dm .entry").CountAsync();
        await page.FillAsync("#text", text);
        await page.PressAsync("#text", "Enter");

        // The page appends the typed line and, once the server answers, the bot's reply.
        await Assertions.Expect(page.Locator("#dm .entry")).ToHaveCountAsync(before + 2, new() { Timeout = 15_000 });
    }
}
