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
    private Dictionary<int, long>? _server;

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
        _server = ServerTicks();
    }

    /// <summary>CPU seconds since <see cref="Start"/>: this process's, and the server's (null if unknown).</summary>
    public (double Process, double? Server) Stop()
    {
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalSeconds;
        if (ServerTicks() is not { } now || _server is not { } then)
        {
            return (process, null);
        }

        // Per process: a backend that exits during the phase (a pool closing an idle connection that did the seeding) must
        // not take its earlier CPU off the sum. A backend that started and ended within the phase is not counted.
        long ticks = 0;
        foreach (var (pid, total) in now)
        {
            ticks += total - (then.TryGetValue(pid, out var before) && before <= total ? before : 0);
        }

        return (process, ticks / 100.0);
    }

    /// <summary>The user + system ticks of the postmaster and each of its children, by process id.</summary>
    private Dictionary<int, long>? ServerTicks()
    {
        if (_postmaster is not { } postmaster)
        {
            return null;
        }

        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture);
                if (pid == postmaster || fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                {
                    ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return ticks;
    }
}
