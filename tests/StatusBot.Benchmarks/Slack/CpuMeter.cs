using System.Diagnostics;
using System.Globalization;
using Dapper;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Slack;

/// <summary>
/// CPU time spent during a phase by this process (the host, the load generator and the fake Slack) and by the local
/// PostgreSQL server (its postmaster's processes, read from /proc): CPU per answer is steadier than throughput on a
/// shared machine. The server's share is unknown (null) when it is not local or /proc is not readable.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int? _postmaster;
    private TimeSpan _process;
    private double? _server;

    private CpuMeter(int? postmaster) => _postmaster = postmaster;

    public static async Task<CpuMeter> ForAsync(TestDatabase database)
    {
        int? postmaster = null;
        try
        {
            await using var connection = await database.Dialect.OpenAsync(CancellationToken.None);
            var backend = await connection.ExecuteScalarAsync<int>("select pg_backend_pid()");
            var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
            postmaster = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return new CpuMeter(postmaster);
    }

    public void Start()
    {
        _process = Process.GetCurrentProcess().TotalProcessorTime;
        _server = ServerSeconds();
    }

    /// <summary>CPU seconds since <see cref="Start"/>: this process's, and the server's (null if unknown).</summary>
    public (double Process, double? Server) Stop()
    {
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalSeconds;
        var server = ServerSeconds() is { } now && _server is { } then ? now - then : (double?)null;
        return (process, server);
    }

    /// <summary>The postmaster's and its children's user + system time (a backend that exited meanwhile is not counted).</summary>
    private double? ServerSeconds()
    {
        if (_postmaster is not { } postmaster)
        {
            return null;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture);
                if (pid == postmaster || fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return ticks / 100.0;
    }
}
