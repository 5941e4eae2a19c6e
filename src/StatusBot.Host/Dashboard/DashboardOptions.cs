using Microsoft.Extensions.Options;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// Section <c>Dashboard</c>: who may read <c>/programs/{id}</c>. Leadership gets there through the signed,
/// expiring link in every digest, or bookmarks the page with a configured reader token.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// Key for signing links (at least 32 characters), the same on every instance. Required on PostgreSQL (several
    /// instances share one database, and a link signed by one must open on the others); unset on SQLite (one
    /// instance), a random key per process, so links die on restart.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a signed link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Long-lived tokens for bookmarks (<c>/programs/1?token=…</c>), each at least 16 characters and each opening the
    /// programs of one workspace only (a leadership team of one Slack workspace never reads another's).
    /// </summary>
    public List<ReaderToken> ReaderTokens { get; set; } = [];
}

/// <summary>One bookmark token and the workspace whose programs it opens (e.g. <c>slack:T0001</c>, <c>playground</c>).</summary>
public sealed class ReaderToken
{
    public string? Workspace { get; set; }

    public string? Token { get; set; }
}

public sealed class DashboardOptionsValidator(IConfiguration configuration) : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey is { } key && key.Length < 32)
        {
            failures.Add("Dashboard:SigningKey: must be at least 32 characters (a random string, e.g. from 'openssl rand -hex 32').");
        }
        else if (options.SigningKey is null && string.Equals(configuration["Storage:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Dashboard:SigningKey: required when Storage:Provider is Postgres, so every instance signs and checks dashboard links with one key (e.g. 'openssl rand -hex 32').");
        }

        // The earlier shape, a bare list of tokens, binds to nothing: name it rather than let every bookmark stop working.
        foreach (var bare in configuration.GetSection($"{DashboardOptions.Section}:{nameof(DashboardOptions.ReaderTokens)}").GetChildren().Where(c => c.Value is not null))
        {
            failures.Add($"Dashboard:ReaderTokens:{bare.Key}: needs a Workspace and a Token, e.g. {{ \"Workspace\": \"slack:T0001\", \"Token\": \"…\" }}; a bare token no longer opens every workspace.");
        }

        for (var i = 0; i < options.ReaderTokens.Count; i++)
        {
            var entry = options.ReaderTokens[i];
            if (string.IsNullOrWhiteSpace(entry.Workspace) || entry.Token is null)
            {
                failures.Add($"Dashboard:ReaderTokens:{i}: needs a Workspace and a Token, e.g. {{ \"Workspace\": \"slack:T0001\", \"Token\": \"…\" }}; a token opens the programs of its workspace only.");
            }
            else if (entry.Token.Length < 16)
            {
                failures.Add($"Dashboard:ReaderTokens:{i}:Token: must be at least 16 characters; it has {entry.Token.Length}.");
            }
        }

        if (options.ReaderTokens.Where(t => t.Token is not null).GroupBy(t => t.Token, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("Dashboard:ReaderTokens: each token may appear once (one token, one workspace).");
        }

        if (options.LinkLifetime <= TimeSpan.Zero)
        {
            failures.Add("Dashboard:LinkLifetime: must be positive, e.g. 14.00:00:00 for two weeks.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
