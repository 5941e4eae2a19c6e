using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>Configuration section <c>Scheduling</c>: how this instance runs the Hangfire timer engine.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>The schema of Hangfire's tables on PostgreSQL when the connection string sets no search path.</summary>
    public const string DefaultPostgresSchema = "hangfire";

    /// <summary>
    /// A slot that fires later than this after its planned time (every instance was down) is caught up:
    /// its cycle opens now with the full answer window, instead of leaving people only what remains of it.
    /// </summary>
    public TimeSpan CatchUpAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long before each check-in slot its teams' rounds are opened, with their prompts held in the outbox until the
    /// slot itself. Zero (the default): opened at the slot. A slot of thousands of teams takes seconds to open, and its
    /// prompts then go out as each batch of teams commits, on a machine busy opening the rest; opened ahead, they are all
    /// queued when the slot comes and go out from its first second. Within this time before the slot the week's round
    /// already exists (its status reads "0 answered", an early answer counts for it); a skip of that week is refused, and a
    /// pause, member or schedule change in it comes too late for that slot, as after the slot. At most 00:10:00.
    /// </summary>
    public TimeSpan OpenAhead { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How often each instance re-syncs every job from the tables. This repairs what a crash between a commit and
    /// the scheduling of its jobs left behind (an open cycle without its close, a team without its next slot).
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the instance moves due delayed jobs to the queue (Hangfire's schedule polling). With
    /// <see cref="QueuePollInterval"/> this bounds how late a slot opens (<c>scripts/bench-scheduling.sh</c>).
    /// </summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often an idle worker looks for a queued job in PostgreSQL when no notification woke it (a job queued by any
    /// instance wakes every instance's idle workers through LISTEN/NOTIFY; the in-memory store needs no polling).
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// PostgreSQL: how long a job taken by an instance that stops answering (killed, cut off) stays invisible before
    /// another instance runs it again. Sliding: a live instance keeps extending it, so a long job never runs twice.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many jobs one instance runs at once.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// The PostgreSQL schema of Hangfire's tables. Empty: <c>hangfire</c>, or <c>&lt;search path&gt;_hangfire</c> when
    /// the connection string sets a search path (so each bot schema on a server has its own scheduler state).
    /// </summary>
    public string? PostgresSchema { get; set; }

    /// <summary>
    /// The credential that opens the operator dashboard at <c>/hangfire</c> to a caller that is not on this machine
    /// (sent as the password of HTTP basic authentication, any user name). Empty: loopback callers only.
    /// </summary>
    public string? DashboardToken { get; set; }

    /// <summary>
    /// The reverse proxies (IP addresses) whose <c>X-Forwarded-For</c> the dashboard believes. A remote caller is let in
    /// only through one of them and with <see cref="DashboardToken"/>; a forwarded request from any other address is
    /// treated as remote and refused, so a proxy on this machine cannot make every caller look local.
    /// </summary>
    public string[] DashboardTrustedProxies { get; set; } = [];

    /// <summary>
    /// When the daily slip scan runs, as <c>HH:mm</c> in UTC (one run per day for the whole cluster): time alone makes
    /// dependencies slip, so every program is re-evaluated once a day. Give every instance the same value.
    /// </summary>
    public string DailySlipScanUtc { get; set; } = "05:00";

    /// <summary><see cref="DailySlipScanUtc"/> parsed; the validator has refused anything that does not parse.</summary>
    public TimeOnly DailySlipScanTime() => TimeOnly.ParseExact(DailySlipScanUtc, DailySlipScanFormat, CultureInfo.InvariantCulture);

    internal const string DailySlipScanFormat = "HH:mm";

    /// <summary>False for tools and tests that drive the engine without a scheduler.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The schema Hangfire's tables live in for <paramref name="connectionString"/> (see <see cref="PostgresSchema"/>).</summary>
    public string HangfireSchema(string connectionString)
    {
        if (PostgresSchema is { Length: > 0 } schema)
        {
            return schema;
        }

        string? searchPath;
        try
        {
            searchPath = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        }
        catch (ArgumentException)
        {
            return DefaultPostgresSchema; // a wrong connection string is the storage validator's to report
        }

        var first = searchPath?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is { Length: > 0 } && first != "public" ? $"{first.Trim('"')}_hangfire" : DefaultPostgresSchema;
    }
}

/// <summary>Rejects scheduling settings that would misbehave, naming the key.</summary>
public sealed partial class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    /// <summary>The longest <see cref="SchedulingOptions.OpenAhead"/>: a round open for longer before its prompts go out would show a week that has not started.</summary>
    public static readonly TimeSpan MaxOpenAhead = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        if (options.CatchUpAfter <= TimeSpan.Zero)
        {
            failures.Add("Scheduling:CatchUpAfter must be positive, e.g. 00:05:00.");
        }

        if (options.OpenAhead < TimeSpan.Zero || options.OpenAhead > MaxOpenAhead)
        {
            failures.Add("Scheduling:OpenAhead must be between 00:00:00 (open at the slot) and 00:10:00, e.g. 00:01:00.");
        }

        if (options.ReconcileInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Scheduling:ReconcileInterval must be at least 00:00:01.");
        }

        if (options.SchedulePollingInterval < TimeSpan.FromMilliseconds(100) || options.SchedulePollingInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("Scheduling:SchedulePollingInterval must be between 00:00:00.100 and 00:01:00; slots open up to this late.");
        }

        if (options.QueuePollInterval < TimeSpan.FromMilliseconds(100) || options.QueuePollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("Scheduling:QueuePollInterval must be between 00:00:00.100 and 00:01:00; slots open up to this late.");
        }

        if (options.InvisibilityTimeout < TimeSpan.FromSeconds(30))
        {
            failures.Add("Scheduling:InvisibilityTimeout must be at least 00:00:30 (a live instance renews it every fifth of it).");
        }

        if (options.WorkerCount is < 1 or > 64)
        {
            failures.Add($"Scheduling:WorkerCount: {options.WorkerCount} is out of range 1–64.");
        }

        if (options.PostgresSchema is { Length: > 0 } schema && !SchemaName().IsMatch(schema))
        {
            failures.Add($"Scheduling:PostgresSchema: '{schema}' is not a plain schema name (lower-case letters, digits, _; at most 63).");
        }

        if (options.DashboardToken is { Length: > 0 and < 16 })
        {
            failures.Add("Scheduling:DashboardToken must be at least 16 characters (or empty for loopback-only access).");
        }

        foreach (var proxy in options.DashboardTrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"Scheduling:DashboardTrustedProxies: '{proxy}' is not an IP address.");
            }
        }

        if (options.DashboardTrustedProxies.Length > 0 && options.DashboardToken is not { Length: > 0 })
        {
            failures.Add("Scheduling:DashboardTrustedProxies needs Scheduling:DashboardToken: remote callers are never let in without a credential.");
        }

        if (!TimeOnly.TryParseExact(options.DailySlipScanUtc, SchedulingOptions.DailySlipScanFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"Scheduling:DailySlipScanUtc: '{options.DailySlipScanUtc}' is not a time of day; use HH:mm in UTC, e.g. 05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex SchemaName();
}
