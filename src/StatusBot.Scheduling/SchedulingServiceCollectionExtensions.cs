using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Health;
using StatusBot.Data.Startup;
using StatusBot.Scheduling.CheckIns;
using StatusBot.Scheduling.Dependencies;
using SchedulingOptions = StatusBot.Scheduling.CheckIns.SchedulingOptions;

namespace StatusBot.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The Quartz table prefix (Quartz's own default, lower case so PostgreSQL needs no quoting).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// Quartz with a persistent ADO.NET job store that provisions its own schema at start: clustered PostgreSQL when
    /// <c>Storage:Provider=Postgres</c> (a trigger fires on exactly one instance), a SQLite file beside the bot's
    /// database otherwise. The clock is the container's <see cref="TimeProvider"/>. Replaces the no-op scheduler of
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

        // Read at registration: Quartz's store is chosen while the container is built, like the storage provider.
        var postgres = string.Equals(configuration[$"{StorageOptions.Section}:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);
        var connectionString = configuration.GetConnectionString("StatusBot") ?? string.Empty;
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "StatusBot";
                // "AUTO" is Quartz's own word for a generated id: one settings file can then be copied to every instance.
                if (options.InstanceId is { Length: > 0 } id && !string.Equals(id, "AUTO", StringComparison.OrdinalIgnoreCase))
                {
                    scheduler.InstanceId = id;
                }
                else
                {
                    scheduler.GenerateInstanceId = true;
                }

                scheduler.IdleWaitTime = options.IdleWaitTime;
            });
            quartz.AddJobType<OpenCycleJob>();
            quartz.AddJobType<SendRemindersJob>();
            quartz.AddJobType<CloseCycleJob>();
            quartz.AddJobType<DigestSlotJob>();
            // DailySlipScanJob is not added here: AddStatusBotIntelligence registers it (transient), which the job factory uses.
            quartz.UsePersistentStore(store =>
            {
                if (postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(cluster => cluster.CheckinInterval = options.ClusterCheckinInterval);
                }
                else
                {
                    store.UseSqlite(new SqliteConnectionStringBuilder { DataSource = SqliteFile(options, connectionString) }.ToString());
                }

                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(ado => ado.TablePrefix = TablePrefix);
            });
        });

        services.AddSingleton<QuartzCheckInScheduler>();
        services.RemoveAll<ICheckInScheduler>();
        services.AddSingleton<ICheckInScheduler>(provider => provider.GetRequiredService<QuartzCheckInScheduler>());
        services.AddSingleton<TeamSlotRunner>();
        services.AddSingleton<DigestSlotRunner>();
        services.AddSingleton<DailySlipScanSchedule>(); // the job class itself comes from AddStatusBotIntelligence
        services.AddSingleton<SchedulerReadiness>();
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<SchedulerReadiness>());
        services.AddHostedService<SchedulerHost>();
        return services;
    }

    /// <summary>The scheduler's SQLite file: configured, or <c>&lt;bot database&gt;.scheduler.db</c> beside the bot's own.</summary>
    private static string SqliteFile(SchedulingOptions options, string connectionString)
    {
        if (options.SqliteFile is { Length: > 0 } file)
        {
            return file;
        }

        var botFile = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? StorageOptions.DefaultSqliteConnectionString : connectionString).DataSource;
        return Path.ChangeExtension(botFile, null) + ".scheduler.db";
    }
}
