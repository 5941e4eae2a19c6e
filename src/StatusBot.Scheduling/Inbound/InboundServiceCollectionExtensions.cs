using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusBot.Core.Inbound;
using StatusBot.Core.Storage;

namespace StatusBot.Scheduling.Inbound;

public static class InboundServiceCollectionExtensions
{
    /// <summary>The durable inbound-work inbox, its drainer and background worker; settings from the <c>Inbound</c> section.</summary>
    public static IServiceCollection AddStatusBotInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundWorkSettings>().Bind(configuration.GetSection("Inbound")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboundWorkSettings>, InboundSettingsValidator>();
        services.AddSingleton<InboundWorkSignal>();
        services.AddSingleton<InboundWorkInbox>();
        services.AddSingleton(provider => new InboundWorkDrainer(
            provider.GetRequiredService<IStatusBotStore>(),
            provider.GetServices<IInboundWorkHandler>(),
            provider.GetRequiredService<IOptions<InboundWorkSettings>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            Random.Shared));
        services.AddHostedService<InboundWorker>();

        // The host waits for every service's stop; give the inbound grace period room, plus the outbox's last send.
        var grace = configuration.GetSection("Inbound").GetValue<TimeSpan?>(nameof(InboundWorkSettings.ShutdownGrace)) ?? new InboundWorkSettings().ShutdownGrace;
        services.Configure<HostOptions>(options =>
        {
            var needed = grace + TimeSpan.FromSeconds(15);
            if (options.ShutdownTimeout < needed)
            {
                options.ShutdownTimeout = needed;
            }
        });
        return services;
    }
}

/// <summary>Rejects inbound settings that would spin, never retry or never finish, naming the key.</summary>
public sealed class InboundSettingsValidator : IValidateOptions<InboundWorkSettings>
{
    public ValidateOptionsResult Validate(string? name, InboundWorkSettings options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 100)
        {
            failures.Add("Inbound:BatchSize must be between 1 and 100.");
        }

        if (options.Lease < TimeSpan.FromSeconds(5))
        {
            failures.Add("Inbound:Lease must be at least 00:00:05 (longer than one run).");
        }

        if (options.ShutdownGrace < TimeSpan.Zero || options.ShutdownGrace > TimeSpan.FromMinutes(5))
        {
            failures.Add("Inbound:ShutdownGrace must be between 00:00:00 and 00:05:00.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add("Inbound:MaxAttempts must be at least 1.");
        }

        if (options.BaseRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.BaseRetryDelay)
        {
            failures.Add("Inbound:BaseRetryDelay must be positive and Inbound:MaxRetryDelay at least as long.");
        }

        if (options.IdleDelay <= TimeSpan.Zero)
        {
            failures.Add("Inbound:IdleDelay must be positive.");
        }

        if (options.KeepDone < TimeSpan.FromHours(1))
        {
            failures.Add("Inbound:KeepDone must be at least 01:00:00 (platforms retry a request for minutes; the dedup key must outlive that).");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            failures.Add("Inbound:WorkerId must not be empty (leave it unset to generate one).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
