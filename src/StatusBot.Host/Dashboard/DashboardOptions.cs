using Microsoft.Extensions.Options;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// Section <c>Dashboard</c>: who may read <c>/programs/{id}</c>. Leadership gets there through the signed,
/// expiring link in every digest, or bookmarks the page with a configured reader token.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Key for signing links (at least 32 characters). Unset: a random key per process, so links die on restart.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a signed link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Long-lived tokens for bookmarks (<c>/programs/1?token=…</c>), each at least 16 characters.</summary>
    public List<string> ReaderTokens { get; set; } = [];
}

public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        if (options.SigningKey is { } key && key.Length < 32)
        {
            return ValidateOptionsResult.Fail("Dashboard:SigningKey: must be at least 32 characters (a random string, e.g. from 'openssl rand -hex 32').");
        }

        if (options.ReaderTokens.FirstOrDefault(token => token.Length < 16) is { } shortToken)
        {
            return ValidateOptionsResult.Fail($"Dashboard:ReaderTokens: every token must be at least 16 characters; one has {shortToken.Length}.");
        }

        if (options.LinkLifetime <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Dashboard:LinkLifetime: must be positive, e.g. 14.00:00:00 for two weeks.");
        }

        return ValidateOptionsResult.Success;
    }
}
