using System.Diagnostics;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>
/// The real StatusBot host as a child process (the benchmark project's <c>host-child</c> driver runs the host's own
/// composition root), so a test can SIGKILL it: no shutdown code runs, as in a crash or an OOM kill.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    /// <summary>
    /// The tests that run host processes share one test collection, so they run one after the other: two of them at
    /// once on a small CI machine would slow the hosts' start past the compressed week of <c>ClusterTests</c>.
    /// </summary>
    public const string Collection = "host processes";

    private readonly Process _process;
    private string? _lastProblem;

    private readonly List<string> _output;

    private HostProcess(Process process, Uri address, List<string> output)
    {
        _process = process;
        _output = output;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public bool Alive => !_process.HasExited;

    /// <summary>The child's process id, for a driver that samples it under /proc (the soak).</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time the host process has used so far (user and system), for a benchmark's cost per message.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Everything the host wrote so far (standard output and error), for a failing test's report.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join("\n", _output);
        }
    }

    public static async Task<HostProcess> StartAsync(IEnumerable<string> args)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "StatusBot.Benchmarks", "bin", configuration, "net10.0", "StatusBot.Benchmarks.dll"));
        Assert.True(File.Exists(dll), $"build tests/StatusBot.Benchmarks first: {dll} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // With the host's own runtime settings (its GC, no profile-guided re-compilation), not the benchmark tool's: the
        // children are the real host, and a scale run measured with another runtime configuration measures another host.
        var runtimeConfig = Path.Combine(Path.GetDirectoryName(dll)!, "StatusBot.Host.runtimeconfig.json");
        Assert.True(File.Exists(runtimeConfig), $"the host's runtime settings are missing: {runtimeConfig}");
        foreach (var argument in new[] { "exec", "--runtimeconfig", runtimeConfig, dll, "host-child", "--urls", "http://127.0.0.1:0" }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["listening ".Length..].TrimEnd('/') + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = default(HostProcess);
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            host = new HostProcess(process, address, output);
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch (TimeoutException timeout)
        {
            string said;
            lock (output)
            {
                said = string.Join("\n", output.TakeLast(30));
            }

            host?.Dispose();
            throw new TimeoutException($"{timeout.Message}; it said:\n{said}");
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, mid-send, mid-transaction.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync("readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                _lastProblem = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The host child did not become ready: {_lastProblem}");
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
