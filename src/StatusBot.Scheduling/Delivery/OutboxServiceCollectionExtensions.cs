using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;

namespace StatusBot.Scheduling.Delivery;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>The outbox drainer and its background worker; settings from the <c>Outbox</c> section.</summary>
    public static IServiceCollection AddStatusBotOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxDrainerSettings>().Bind(configuration.GetSection("Outbox")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxDrainerSettings>, OutboxSettingsValidator>();
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<OutboxDrainerSettings>>().Value;
            var store = provider.GetRequiredService<Core.Storage.IStatusBotStore>();
            var time = provider.GetRequiredService<TimeProvider>();
            // One for the process: every lane's delivery records and next-batch claims are written together.
            var batches = new OutboxBatches(store, time, settings.Lease, settings.BatchSize);
            var signal = provider.GetRequiredService<OutboxSignal>();
            return new OutboxLanes([.. Enumerable.Range(0, settings.Lanes).Select(lane => new OutboxDrainer(
                store, provider.GetServices<IChatPlatform>(), settings.ForLane(lane), time, Random.Shared, batches, signal))]);
        });
        services.AddHostedService<OutboxWorker>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxWakeRelay>();
        return services;
    }
}

/// <summary>This process's send loops (<see cref="OutboxDrainerSettings.Lanes"/>), one drainer each.</summary>
public sealed record OutboxLanes(IReadOnlyList<OutboxDrainer> Drainers);

/// <summary>Rejects outbox settings that would spin or never retry, naming the key.</summary>
public sealed class OutboxSettingsValidator : IValidateOptions<OutboxDrainerSettings>
{
    public ValidateOptionsResult Validate(string? name, OutboxDrainerSettings options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Outbox:BatchSize must be between 1 and 1000.");
        }

        if (options.Lease < TimeSpan.FromSeconds(5))
        {
            failures.Add("Outbox:Lease must be at least 00:00:05 (longer than one platform call).");
        }

        if (options.SendTimeout <= TimeSpan.Zero)
        {
            failures.Add("Outbox:SendTimeout must be positive.");
        }
        else if (options.BatchSize >= 1 && options.SendTimeout * options.BatchSize >= options.Lease)
        {
            failures.Add(
                $"Outbox:BatchSize × Outbox:SendTimeout ({options.BatchSize} × {options.SendTimeout:c}) must be shorter than Outbox:Lease ({options.Lease:c}), "
                + "so a batch cannot outlast its lease.");
        }
        else if (options.SendTimeout > TimeSpan.Zero && options.Lease - options.SendTimeout < OutboxDrainer.SendLeaseHandOver)
        {
            // A dead sender's workspace is taken over when its lease expires; its last send may land up to SendTimeout after
            // the lease was renewed, and the next sender's fresh budget must not land on top of it.
            failures.Add(
                $"Outbox:Lease ({options.Lease:c}) must exceed Outbox:SendTimeout ({options.SendTimeout:c}) by at least {OutboxDrainer.SendLeaseHandOver:c}, "
                + "so a workspace taken over from a dead sender starts after the platform refilled its budget.");
        }

        if (options.Lanes is < 1 or > 64)
        {
            failures.Add($"Outbox:Lanes: {options.Lanes} is out of range 1–64.");
        }

        if (options.Workspaces is < 1 or > 1000)
        {
            failures.Add($"Outbox:Workspaces: {options.Workspaces} is out of range 1–1000.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add("Outbox:MaxAttempts must be at least 1.");
        }

        if (options.BaseRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.BaseRetryDelay)
        {
            failures.Add("Outbox:BaseRetryDelay must be positive and Outbox:MaxRetryDelay at least as long.");
        }

        if (options.IdleDelay <= TimeSpan.Zero)
        {
            failures.Add("Outbox:IdleDelay must be positive.");
        }

        if (options.Turn < TimeSpan.Zero || options.Turn > options.Lease)
        {
            failures.Add($"Outbox:Turn ({options.Turn:c}) must be between 00:00:00 and Outbox:Lease ({options.Lease:c}).");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            failures.Add("Outbox:WorkerId must not be empty (leave it unset to generate one).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
