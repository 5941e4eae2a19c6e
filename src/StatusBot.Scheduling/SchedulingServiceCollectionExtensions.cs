using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Health;
using StatusBot.Core.Storage;
using StatusBot.Data.Migrations;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Dependencies;
using SchedulingOptions = StatusBot.Scheduling.CheckIns.SchedulingOptions;

namespace StatusBot.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire as the timer engine: PostgreSQL storage shared by every instance when <c>Storage:Provider=Postgres</c>
    /// (a job runs on one instance; its schema is created under the store's migration lock), in-memory storage for the
    /// one process of the embedded SQLite default (the schedule is rebuilt from the bot's tables at every start).
    /// Every Hangfire object is this host's own (storage, client, recurring manager, server, job activator), not
    /// Hangfire's process-wide defaults. Replaces the no-op scheduler of
    /// <see cref="CheckInServiceCollectionExtensions.AddStatusBotCheckIns"/>, and runs the <see cref="DailySlipScanJob"/>
    /// daily at <c>Scheduling:DailySlipScanUtc</c>.
    /// </summary>
    public static IServiceCollection AddStatusBotScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SchedulingOptions.Section);
        services.AddOptions<SchedulingOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!options.Enabled)
        {
            return services;
        }

        // Read at registration: the storage is chosen while the container is built, like the storage provider.
        var postgres = string.Equals(configuration[$"{StorageOptions.Section}:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);
        var connectionString = configuration.GetConnectionString("StatusBot") ?? string.Empty;
        services.AddSingleton<JobStorage>(_ => HangfireStorageFactory.Create(postgres, connectionString, options));
        services.AddSingleton(provider => new SchedulerServer(
            new Lazy<JobStorage>(provider.GetRequiredService<JobStorage>),
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IOptions<SchedulingOptions>>(),
            provider.GetRequiredService<ILogger<SchedulerServer>>()));
        services.AddSingleton<IBackgroundJobClient>(provider =>
        {
            var client = new BackgroundJobClient(provider.GetRequiredService<JobStorage>(), Hangfire.Common.JobFilterProviders.Providers);
            // Embedded store: the first job starts the server (see SchedulerServer). PostgreSQL: the server starts once
            // the store is migrated, never earlier (Hangfire's schema is created by the migration).
            return postgres ? client : new ServerStartingJobClient(client, provider.GetRequiredService<SchedulerServer>());
        });
        services.AddSingleton<IRecurringJobManager>(provider =>
        {
            var time = provider.GetRequiredService<TimeProvider>();
            return new RecurringJobManager(provider.GetRequiredService<JobStorage>(), Hangfire.Common.JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => time.GetUtcNow().UtcDateTime);
        });
        // The dashboard needs Hangfire's registrations; the objects above are registered first, so they are the ones used,
        // and Hangfire's process-wide log provider stays this project's bridge (see HangfireLogBridge).
        services.AddHangfire((_, hangfire) => hangfire.UseLogProvider(HangfireLogBridge.Instance));
        services.AddSingleton<SchedulerDashboardAccess>();
        if (postgres && !string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<IMigrationStep>(provider => new HangfireSchemaStep(
                connectionString, options.HangfireSchema(connectionString), provider.GetRequiredService<ILogger<HangfireSchemaStep>>()));
        }

        services.AddSingleton(provider => new JobPlans(
            new Lazy<JobStorage>(provider.GetRequiredService<JobStorage>),
            new Lazy<IBackgroundJobClient>(provider.GetRequiredService<IBackgroundJobClient>),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new HangfireCheckInScheduler(
            provider.GetRequiredService<JobPlans>(),
            provider.GetRequiredService<IStatusBotStore>(),
            provider.GetRequiredService<ICheckInCalendar>(),
            provider.GetRequiredService<TimeProvider>(),
            rebuildAtStart: !postgres,
            options.OpenAhead,
            provider.GetRequiredService<ILogger<HangfireCheckInScheduler>>()));
        services.RemoveAll<ICheckInScheduler>();
        services.AddSingleton<ICheckInScheduler>(provider => provider.GetRequiredService<HangfireCheckInScheduler>());
        services.AddSingleton<SlotRunner>();

        // Registered, not only activated by Hangfire: the jobs planned by earlier releases (LegacyJobs.cs) run through them.
        services.AddTransient<OpenCheckInsJob>();
        services.AddTransient<CloseCyclesJob>();
        services.AddSingleton<DigestSlotRunner>();
        // The job class itself comes from AddStatusBotIntelligence. A recurring job on shared storage; an in-process timer
        // on the embedded store's in-memory storage (see DailySlipScanSchedule).
        services.AddSingleton(provider => new DailySlipScanSchedule(
            postgres ? provider.GetRequiredService<IRecurringJobManager>() : null,
            provider,
            provider.GetRequiredService<IOptions<SchedulingOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DailySlipScanSchedule>>()));
        services.AddSingleton<SchedulerReadiness>();
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<SchedulerReadiness>());
        if (!postgres)
        {
            // The embedded store's first sync is in-process and quick, so the workers start right after it. On PostgreSQL
            // it starts Hangfire's server and may wait on other instances' locks: delivery does not wait for that.
            services.AddSingleton<IStartupStep>(provider => provider.GetRequiredService<SchedulerReadiness>());
        }

        services.AddHostedService(provider => new SchedulerHost(
            provider.GetRequiredService<SchedulerServer>(),
            startServer: postgres,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<HangfireCheckInScheduler>(),
            provider.GetRequiredService<DailySlipScanSchedule>(),
            provider.GetRequiredService<StoreReadiness>(),
            provider.GetRequiredService<SchedulerReadiness>(),
            provider.GetRequiredService<IOptions<SchedulingOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SchedulerHost>>()));
        return services;
    }
}
