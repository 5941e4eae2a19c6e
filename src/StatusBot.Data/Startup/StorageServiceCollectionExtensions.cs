using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using StatusBot.Core.Delivery;
using StatusBot.Core.Health;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Dialects;
using StatusBot.Data.Migrations;
using StatusBot.Data.Workspaces;

namespace StatusBot.Data.Startup;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the store for the configured provider, its migrations at start, and its readiness check.</summary>
    public static IServiceCollection AddStatusBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Configure(options =>
            {
                configuration.GetSection(StorageOptions.Section).Bind(options);
                options.ConnectionString = configuration.GetConnectionString("StatusBot");
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SqlDialect>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return CreateDialect(options.ParsedProvider, options.EffectiveConnectionString);
        });
        // One per process: the store raises it after commits that queued outbox rows, the outbox lanes wait on it.
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<DapperStore>(provider => new DapperStore(provider.GetRequiredService<SqlDialect>(), provider.GetRequiredService<OutboxSignal>()));
        services.AddSingleton<IStatusBotStore>(provider => provider.GetRequiredService<DapperStore>());
        services.AddSingleton<IWorkspaceInstallationRepository, WorkspaceInstallationRepository>();
        services.AddSingleton<IInstallStateLog, InstallStateLog>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<StoreReadiness>();
        services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<StoreReadiness>());
        services.AddSingleton<StoreProbe>();
        services.AddSingleton<BackgroundStart>();
        services.AddHostedService<StoreInitializer>();
        return services;
    }

    public static SqlDialect CreateDialect(StorageProvider provider, string connectionString) => provider switch
    {
        StorageProvider.Postgres => CreatePostgres(connectionString),
        _ => new SqliteDialect(connectionString),
    };

    // A method of its own, never inlined: compiling CreateDialect then does not load Npgsql on the embedded default.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PostgresDialect CreatePostgres(string connectionString) => new PostgresDialect(PostgresDataSources.Create(connectionString));
}
