namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Raises the thread pool's minimum before the scheduler starts. Hangfire's storage API is synchronous: every plan
/// change (<see cref="JobPlans"/>) made by a running job, the reconciliation or a schedule command blocks a pool
/// thread on PostgreSQL, and Hangfire.PostgreSql's distributed lock sleeps that thread for up to a second while another
/// instance holds the key. With the default minimum (one thread per core) a few such calls at once starve the pool, and
/// the pool adds threads only about once a second: measured with <c>scripts/bench-scheduling.sh</c> on this 2-core
/// machine under load, slot lateness p99 3.3–4.4 s with the default, 1.3–1.8 s with 40 threads.
/// Threads above the minimum are created only when work waits, so an idle host does not grow.
/// </summary>
internal static class ThreadPoolFloor
{
    public static int For(int workerCount) => 16 + (6 * workerCount);

    /// <summary>Raises (never lowers) the pool's minimum worker threads to <see cref="For"/>.</summary>
    public static void Raise(int workerCount)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var floor = For(workerCount);
        if (workers < floor)
        {
            ThreadPool.SetMinThreads(floor, completionPorts);
        }
    }
}
