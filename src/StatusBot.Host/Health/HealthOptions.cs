using Microsoft.Extensions.Options;

namespace StatusBot.Host.Health;

/// <summary>Section <c>Health</c>: what <c>/readyz</c> checks, and who reads its reasons.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The outbox is stuck (not ready) when its oldest due message has waited longer than this.</summary>
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Bearer token that shows a remote caller of <c>/readyz</c> the reasons (server names, error texts); without it only a
    /// caller on this machine sees them, everyone else reads "ready" or "not ready".
    /// </summary>
    public string? Token { get; set; }
}

public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var failures = new List<string>();
        if (options.OutboxStuckAfter < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Health:OutboxStuckAfter: must be at least 00:01:00 (retries and rate-limit pauses make shorter waits normal); it is {options.OutboxStuckAfter:c}.");
        }

        if (options.Token is { } token && token.Length < 16)
        {
            failures.Add($"Health:Token: must be at least 16 characters (a random string, e.g. from 'openssl rand -hex 32'); it has {token.Length}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
