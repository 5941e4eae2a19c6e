using System.Globalization;
using Microsoft.Extensions.Options;

namespace StatusBot.Scheduling.CheckIns;

/// <summary>Configuration section <c>Scheduling</c>: how this instance takes part in the Quartz cluster.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// Unique per instance in a cluster; left empty or <c>AUTO</c>, Quartz generates one (host name + time), which is what a
    /// settings file shared by every instance should say.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// A slot that fires later than this after its planned time (every instance was down) is caught up:
    /// its cycle opens now with the full answer window, instead of leaving people only what remains of it.
    /// </summary>
    public TimeSpan CatchUpAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often this instance tells the cluster it is alive; a peer silent for longer is recovered.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long the scheduler sleeps when nothing is due (Quartz's minimum is one second).</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often each instance re-syncs every trigger from the tables. This repairs what a crash between a commit and
    /// the scheduling of its triggers left behind (an open cycle without its close, a team without its next slot).
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The SQLite file of the embedded scheduler store; by default beside the bot's database.</summary>
    public string? SqliteFile { get; set; }

    /// <summary>
    /// When the daily slip scan runs, as <c>HH:mm</c> in UTC (one fire per day for the whole cluster): time alone makes
    /// dependencies slip, so every program is re-evaluated once a day. Give every instance the same value.
    /// </summary>
    public string DailySlipScanUtc { get; set; } = "05:00";

    /// <summary><see cref="DailySlipScanUtc"/> parsed; the validator has refused anything that does not parse.</summary>
    public TimeOnly DailySlipScanTime() => TimeOnly.ParseExact(DailySlipScanUtc, DailySlipScanFormat, CultureInfo.InvariantCulture);

    internal const string DailySlipScanFormat = "HH:mm";

    /// <summary>False for tools and tests that drive the engine without a scheduler.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Rejects scheduling settings that would misbehave, naming the key.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        if (options.CatchUpAfter <= TimeSpan.Zero)
        {
            failures.Add("Scheduling:CatchUpAfter must be positive, e.g. 00:05:00.");
        }

        if (options.ClusterCheckinInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Scheduling:ClusterCheckinInterval must be at least 00:00:01.");
        }

        if (options.ReconcileInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Scheduling:ReconcileInterval must be at least 00:00:01.");
        }

        if (options.IdleWaitTime < TimeSpan.FromSeconds(1))
        {
            failures.Add("Scheduling:IdleWaitTime must be at least 00:00:01 (Quartz's minimum).");
        }

        if (!TimeOnly.TryParseExact(options.DailySlipScanUtc, SchedulingOptions.DailySlipScanFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"Scheduling:DailySlipScanUtc: '{options.DailySlipScanUtc}' is not a time of day; use HH:mm in UTC, e.g. 05:00.");
        }

        if (options.InstanceId is { Length: > 0 } id && (id.Length > 100 || id.Any(char.IsWhiteSpace)))
        {
            failures.Add("Scheduling:InstanceId must be at most 100 characters without spaces (or empty to generate one).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
