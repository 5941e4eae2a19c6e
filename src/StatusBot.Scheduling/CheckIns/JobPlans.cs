using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// Hangfire's delayed jobs have ids, not names. A plan gives each timer of the bot a stable key
/// (<c>checkin-open:at-1796540400000</c>): a hash in Hangfire's storage holding the current job's id, the spec it was planned
/// from and its due time. Replacing a plan schedules the new job first, then deletes the old one if it has not started
/// (a running job, typically the one re-planning itself, finishes on its own). Changes of one key are serialized with
/// Hangfire's distributed lock, so instances reconciling at the same moment plan one job, not two.
/// </summary>
/// <remarks>
/// The storage and the job client are created on the first plan read or made: a bot with no schedule, no open cycle and
/// no digest slot (every fresh install) never builds Hangfire's storage, job client and state machine at start (on the
/// embedded store the in-memory storage's own thread too).
/// </remarks>
public sealed class JobPlans(Lazy<JobStorage> storage, Lazy<IBackgroundJobClient> client, TimeProvider time)
{
    private const string Prefix = "statusbot:plan:";

    public JobPlans(JobStorage storage, IBackgroundJobClient client, TimeProvider time)
        : this(new Lazy<JobStorage>(() => storage), new Lazy<IBackgroundJobClient>(() => client), time)
    {
    }

    /// <summary>A key's current plan.</summary>
    public sealed record Plan(string JobId, string Spec, DateTimeOffset DueAt, string? State);

    public Plan? Get(string key)
    {
        using var connection = storage.Value.GetConnection();
        return Read(connection, key);
    }

    /// <summary>
    /// Plans <paramref name="job"/> for <paramref name="dueAt"/> under <paramref name="key"/>, unless
    /// <paramref name="keep"/> says the current plan is fine as it is. Returns the plan in force.
    /// </summary>
    public Plan Put(string key, string spec, DateTimeOffset dueAt, Job job, Func<Plan, bool>? keep = null)
    {
        using var connection = storage.Value.GetConnection();

        // Most calls (every reconciliation) find the plan current: decided without the lock, which is taken only to change it.
        if (keep is not null && Read(connection, key) is { } unlocked && keep(unlocked))
        {
            return unlocked;
        }

        using var @lock = connection.AcquireDistributedLock(Prefix + key, TimeSpan.FromSeconds(30));
        var existing = Read(connection, key);
        if (existing is not null && keep is not null && keep(existing))
        {
            return existing;
        }

        // A due time already past is queued at once rather than waiting for the next schedule poll.
        IState state = dueAt <= time.GetUtcNow() ? new EnqueuedState() : new ScheduledState(dueAt.UtcDateTime);
        var id = client.Value.Create(job, state);
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash(Prefix + key, new Dictionary<string, string>
            {
                ["JobId"] = id,
                ["Spec"] = spec,
                ["DueAt"] = dueAt.ToString("O", CultureInfo.InvariantCulture),
            });
            transaction.Commit();
        }

        if (existing is not null && existing.JobId != id)
        {
            DeleteIfNotStarted(existing.JobId);
        }

        return new Plan(id, spec, dueAt, state.Name);
    }

    /// <summary>Removes the key's plan and its job, unless the job is already running.</summary>
    public void Remove(string key)
    {
        using var connection = storage.Value.GetConnection();
        using var @lock = connection.AcquireDistributedLock(Prefix + key, TimeSpan.FromSeconds(30));
        if (Read(connection, key) is not { } existing)
        {
            return;
        }

        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.RemoveHash(Prefix + key);
            transaction.Commit();
        }

        DeleteIfNotStarted(existing.JobId);
    }

    /// <summary>True while the plan's job is still to run or running (retries included).</summary>
    public static bool IsPending(Plan plan) => plan.State is "Scheduled" or "Enqueued" or "Processing" or "Awaiting";

    private void DeleteIfNotStarted(string jobId)
    {
        _ = client.Value.ChangeState(jobId, new DeletedState(), ScheduledState.StateName)
            || client.Value.ChangeState(jobId, new DeletedState(), EnqueuedState.StateName);
    }

    private static Plan? Read(IStorageConnection connection, string key)
    {
        var entries = connection.GetAllEntriesFromHash(Prefix + key);
        if (entries is null || !entries.TryGetValue("JobId", out var id) || !entries.TryGetValue("Spec", out var spec) || !entries.TryGetValue("DueAt", out var due))
        {
            return null;
        }

        return new Plan(id, spec, DateTimeOffset.Parse(due, CultureInfo.InvariantCulture), connection.GetJobData(id)?.State);
    }
}
