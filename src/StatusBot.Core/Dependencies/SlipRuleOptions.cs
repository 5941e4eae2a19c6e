namespace StatusBot.Core.Dependencies;

/// <summary>Tunables of the slip rules (configuration section <c>Dependencies</c>).</summary>
public sealed class SlipRuleOptions
{
    public const string Section = "Dependencies";

    /// <summary>
    /// A dependency with no ETA is at risk once its need-by date is this many days away or fewer:
    /// a provider who has not committed to a date a week before it is due is a warning sign.
    /// </summary>
    public int AtRiskWindowDays { get; set; } = 7;
}
