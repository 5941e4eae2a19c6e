using Microsoft.Extensions.Options;

namespace StatusBot.MicrosoftTeams.Startup;

/// <summary>
/// How long one outbound Teams call may take, from the <c>Teams</c> section: <c>Teams:MaxClientWait</c> and
/// <c>Teams:HttpTimeout</c>. Together they bound one Connector call; a send that first creates a 1:1 makes two. The
/// outbox's <c>Outbox:SendTimeout</c> (default 12 s) cuts any send short anyway, and its validator keeps
/// <c>BatchSize × SendTimeout</c> under the lease, so a batch cannot outlast its lease whatever these are.
/// </summary>
public sealed class TeamsDeliveryOptions
{
    /// <summary>Longest wait the client sits out itself for a rate-limit slot; a longer wait goes back to the outbox as "rate limited".</summary>
    public TimeSpan MaxClientWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for one answer of the Bot Connector service or the token endpoint.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks the delivery settings at start, naming the key.</summary>
internal sealed class TeamsDeliveryOptionsValidator : IValidateOptions<TeamsDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsDeliveryOptions options)
    {
        var failures = new List<string>();
        if (options.MaxClientWait < TimeSpan.Zero || options.MaxClientWait > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Teams:MaxClientWait must be between 00:00:00 and 00:01:00 (got {options.MaxClientWait:c}).");
        }

        if (options.HttpTimeout <= TimeSpan.Zero || options.HttpTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"Teams:HttpTimeout must be positive and at most 00:02:00 (got {options.HttpTimeout:c}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
