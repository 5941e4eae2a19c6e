using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace StatusBot.Host.Tests.Health;

/// <summary>The host's own appsettings.json is in effect wherever the process is started from.</summary>
public sealed class ShippedSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Started_from_another_folder_the_shipped_admin_is_in_effect_and_the_database_lands_in_that_folder()
    {
        var workDir = Directory.CreateTempSubdirectory("statusbot-elsewhere-").FullName;
        Assert.False(File.Exists(Path.Combine(workDir, "appsettings.json")));
        var port = FreeLoopbackPort();
        using var process = StartHost(workDir, "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilReadyAsync(client, process);

            // playground:tina is the admin only by src/StatusBot.Host/appsettings.json.
            var response = await client.PostAsJsonAsync("/playground/api/command", new { @as = "tina", text = "program create Apollo" }, Ct);
            var html = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("html").GetString();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("no admin configured", html, StringComparison.Ordinal);
            Assert.Contains("Apollo", html, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(workDir, "data", "statusbot.db")), "the default SQLite file is under the working directory");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static Process StartHost(string workDir, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StatusBot.Host.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the host exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                if ((await client.GetAsync("/readyz", Ct)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail("the host did not become ready within a minute");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
