using Microsoft.Extensions.Options;
using StatusBot.Core.Blockers;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;

namespace StatusBot.Scheduling.Intelligence;

/// <summary>Rejects bad slip-rule settings at start, naming the key.</summary>
public sealed class SlipRuleOptionsValidator : IValidateOptions<SlipRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, SlipRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AtRiskWindowDays is < 0 or > 365
            ? ValidateOptionsResult.Fail($"{SlipRuleOptions.Section}:AtRiskWindowDays: {options.AtRiskWindowDays} is out of range; use 0 to 365 days (default 7).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Rejects bad blocker settings at start, naming the key.</summary>
public sealed class BlockerOptionsValidator : IValidateOptions<BlockerOptions>
{
    public ValidateOptionsResult Validate(string? name, BlockerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EscalateAfterCycles is < 1 or > 52
            ? ValidateOptionsResult.Fail($"{BlockerOptions.Section}:EscalateAfterCycles: {options.EscalateAfterCycles} is out of range; use 1 to 52 check-ins (default 2).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Rejects bad digest settings at start, naming the key.</summary>
public sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBlocks is < 6 or > 100)
        {
            failures.Add($"{DigestOptions.Section}:MaxBlocks: {options.MaxBlocks} is out of range; use 6 to 100 (Slack allows 50 blocks per message).");
        }

        // Unset is fine: the host then links to the address it listens on.
        if (options.HasPublicBaseUrl
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{DigestOptions.Section}:PublicBaseUrl: '{options.PublicBaseUrl}' is not an absolute http(s) URL, e.g. https://statusbot.example.com.");
        }

        if (options.TopRisks is < 1 or > 20)
        {
            failures.Add($"{DigestOptions.Section}:TopRisks: {options.TopRisks} is out of range; use 1 to 20.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
