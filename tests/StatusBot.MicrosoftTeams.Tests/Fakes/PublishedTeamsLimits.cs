namespace StatusBot.MicrosoftTeams.Tests.Fakes;

/// <summary>
/// Teams' published bot limits as the fake service enforces them, written out here on their own so the fake does not
/// share a mistake with the client's pacing: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
/// — per bot per thread, "send to conversation" and "create conversation" each 7 per 1 s, 8 per 2 s, 60 per 30 s,
/// 1,800 per 3,600 s; per app per tenant 50 requests per second. Read strictly: at most N in ANY window of T
/// (a sliding window, counted at arrival), which no fixed-window or bucket reading of the same table would refuse.
/// </summary>
public sealed class PublishedTeamsLimits(TimeProvider time)
{
    public static readonly (int Operations, TimeSpan Period)[] PerThread =
        [(7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1))];

    public static readonly (int Operations, TimeSpan Period)[] PerTenant = [(50, TimeSpan.FromSeconds(1))];

    private readonly Dictionary<string, Queue<long>> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Admits one request counted against the tenant and, when <paramref name="threadKey"/> is set, against that
    /// thread's operation; records it only when admitted. Refused: how long until the fullest window has room.
    /// </summary>
    public TimeSpan? Admit(string? threadKey)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var checks = new List<(Queue<long> Log, (int Operations, TimeSpan Period)[] Windows)> { (Log("tenant"), PerTenant) };
            if (threadKey is not null)
            {
                checks.Add((Log(threadKey), PerThread));
            }

            TimeSpan? refusal = null;
            foreach (var (log, windows) in checks)
            {
                foreach (var (operations, period) in windows)
                {
                    if (CountWithin(log, now, period, operations, out var oldestInWindow) >= operations)
                    {
                        var wait = period - time.GetElapsedTime(oldestInWindow, now);
                        refusal = refusal is { } longer && longer > wait ? longer : wait;
                    }
                }
            }

            if (refusal is not null)
            {
                return refusal;
            }

            foreach (var (log, windows) in checks)
            {
                log.Enqueue(now);
                var longest = windows.Max(w => w.Operations);
                while (log.Count > longest)
                {
                    log.Dequeue();
                }
            }

            return null;
        }
    }

    /// <summary>Requests of the log inside (now − period, now], and the timestamp of the one that leaves the window first.</summary>
    private int CountWithin(Queue<long> log, long now, TimeSpan period, int operations, out long oldestInWindow)
    {
        // The log keeps the last requests in order; the N-th newest decides whether a window of N is full.
        oldestInWindow = now;
        if (log.Count < operations)
        {
            return log.Count(stamp => time.GetElapsedTime(stamp, now) < period);
        }

        var nth = log.ElementAt(log.Count - operations);
        oldestInWindow = nth;
        return time.GetElapsedTime(nth, now) < period ? operations : operations - 1;
    }

    private Queue<long> Log(string key)
    {
        if (!_logs.TryGetValue(key, out var log))
        {
            log = new Queue<long>();
            _logs[key] = log;
        }

        return log;
    }
}
