using Microsoft.Playwright;

namespace StatusBot.Host.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (never <c>playwright install</c>: it downloads browsers). Without
/// Chromium the browser tests are skipped with the reason, unless <c>STATUSBOT_REQUIRE_BROWSER=1</c> (CI).
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (Environment.GetEnvironmentVariable("STATUSBOT_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail($"STATUSBOT_REQUIRE_BROWSER=1 but {ChromiumPath} is missing; install Debian's chromium package.");
            }

            Assert.Skip($"Chromium not installed at {ChromiumPath} (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> at the repository root, for a person to look at.</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "StatusBot.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        var folder = Path.Combine(directory ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
