using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>
/// This instance's Hangfire server (the workers that run jobs and the poll that moves due delayed jobs to the queue),
/// started once. On PostgreSQL <see cref="SchedulerHost"/> starts it as soon as the store is migrated: other instances
/// put jobs in the shared storage. On the embedded store every job is created in this process, through
/// <see cref="ServerStartingJobClient"/>, which starts the server first; a bot with no schedule, no open cycle and no
/// digest slot then never pays for it (Hangfire's workers and pollers, their threads, about 115 ms of CPU at start and
/// their resident code: see tests/StatusBot.Benchmarks/README.md, "idle host").
/// </summary>
/// <param name="storage">Created when the server starts, not before (see <see cref="JobPlans"/>).</param>
public sealed class SchedulerServer(Lazy<JobStorage> storage, IServiceScopeFactory scopes, IOptions<SchedulingOptions> options, ILogger<SchedulerServer> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private BackgroundJobServer? _server;
    private bool _stopped;

    /// <summary>True once the server runs (and until it is stopped).</summary>
    public bool IsStarted
    {
        get
        {
            lock (_gate)
            {
                return _server is not null;
            }
        }
    }

    /// <summary>Starts the server unless it runs or the scheduler is stopping (a job created then runs at the next start).</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_server is not null || _stopped)
            {
                return;
            }

            _server = Start();
            logger.LogInformation("Scheduler server started ({Storage})", storage.Value);
        }
    }

    /// <summary>Stops the server, letting a running job finish within the host's shutdown budget; none starts afterwards.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BackgroundJobServer? server;
        lock (_gate)
        {
            _stopped = true;
            server = _server;
            _server = null;
        }

        if (server is null)
        {
            return;
        }

        server.SendStop();
        try
        {
            await server.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown budget ran out with a job still running. Stopping is not a failure: the job's
            // effect is idempotent on (team, slot), and Hangfire runs it again on an instance that is up once its
            // invisibility timeout passes.
            logger.LogWarning("The scheduler stopped before its running jobs finished; they run again after Scheduling:InvisibilityTimeout");
        }

        server.Dispose();
    }

    /// <summary>A host disposed without being stopped (tests do) must not leave its server running on a disposed storage.</summary>
    public void Dispose()
    {
        BackgroundJobServer? server;
        lock (_gate)
        {
            _stopped = true;
            server = _server;
            _server = null;
        }

        server?.Dispose();
    }

    /// <summary>
    /// A server of this host's own: its jobs are built from this host's container and its logs go to this host's
    /// loggers, never to Hangfire's process-wide defaults (tests run several hosts in one process).
    /// </summary>
    private BackgroundJobServer Start()
    {
        var value = options.Value;
        ThreadPoolFloor.Raise(value.WorkerCount);
        return new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                WorkerCount = value.WorkerCount,
                SchedulePollingInterval = value.SchedulePollingInterval,
                Activator = new AspNetCoreJobActivator(scopes),
                FilterProvider = JobFilterProviders.Providers,
                ServerCheckInterval = TimeSpan.FromSeconds(30),
                ServerTimeout = TimeSpan.FromMinutes(1),
                // A stopping instance lets a running job finish (its effect is short); one cut off mid-run would wait out
                // the invisibility timeout before another instance ran it, which can be later than the next slot.
                StopTimeout = TimeSpan.FromSeconds(15),
                ShutdownTimeout = TimeSpan.FromSeconds(20),
            },
            storage.Value,
            []);
    }
}

/// <summary>
/// The embedded store's job client: starts this process's <see cref="SchedulerServer"/> before the first job is
/// created, so no job ever sits in the in-memory storage without a server to run it.
/// </summary>
public sealed class ServerStartingJobClient(IBackgroundJobClient inner, SchedulerServer server) : IBackgroundJobClient
{
    public string Create(Job job, IState state)
    {
        server.EnsureStarted();
        return inner.Create(job, state);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => inner.ChangeState(jobId, state, expectedState);
}
