using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Dependencies;

/// <summary>What a dependency's state should be now, and why (one sentence for people).</summary>
public sealed record DependencyEvaluation(DependencyState State, int SlipDays, string Reason);

/// <summary>
/// The slip rules, as one pure function so every rule is pinned by a unit test and the same answer comes
/// out whether an answer, a command or the daily scan asked. The rules, first match wins:
/// <list type="number">
/// <item><b>dropped</b> stays dropped (a TPM's decision, never re-evaluated);</item>
/// <item><b>delivered</b> when the provider marked it delivered;</item>
/// <item><b>slipped</b> when the need-by day has passed (today &gt; need-by) and it is not delivered; slip days =
/// the projected delivery (the later of today and the ETA) minus need-by;</item>
/// <item><b>slipped</b> when the ETA was moved later (its latest change moved it to a later date) and now lies
/// after need-by; slip days = ETA minus need-by;</item>
/// <item><b>at risk</b> when the ETA is after need-by (set that way, not moved), when the provider team's latest
/// status is off track, or when there is no ETA and need-by is at most N days away (N = <see cref="SlipRuleOptions.AtRiskWindowDays"/>);</item>
/// <item><b>on time</b> otherwise.</item>
/// </list>
/// The need-by day itself still counts as on time: the provider can deliver that day.
/// </summary>
public static class SlipRules
{
    /// <param name="dependency">The dependency as stored (ETA, need-by, delivery, current state).</param>
    /// <param name="lastEtaChange">The most recent entry of its ETA history, if any.</param>
    /// <param name="providerLatestStatus">The provider team's status from its latest answered cycle, if any.</param>
    /// <param name="today">Today's date in the consumer team's zone (see <see cref="CheckIns.TeamCalendar"/>).</param>
    public static DependencyEvaluation EvaluateDependency(
        Dependency dependency,
        EtaChange? lastEtaChange,
        CheckInStatus? providerLatestStatus,
        DateOnly today,
        SlipRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        ArgumentNullException.ThrowIfNull(options);

        if (dependency.State == DependencyState.Dropped)
        {
            return new(DependencyState.Dropped, 0, "dropped");
        }

        if (dependency.DeliveredAt is not null || dependency.State == DependencyState.Delivered)
        {
            return new(DependencyState.Delivered, 0, "delivered");
        }

        var needBy = dependency.NeedBy;
        if (today > needBy)
        {
            var projected = dependency.Eta is { } eta && eta > today ? eta : today;
            return new(DependencyState.Slipped, projected.DayNumber - needBy.DayNumber, $"need-by {needBy:yyyy-MM-dd} passed, not delivered");
        }

        if (dependency.Eta is { } late && late > needBy)
        {
            var movedLater = lastEtaChange is { FromEta: { } from, ToEta: { } to } && to > from && to == late;
            var days = late.DayNumber - needBy.DayNumber;
            return movedLater
                ? new(DependencyState.Slipped, days, $"ETA moved from {lastEtaChange!.FromEta:yyyy-MM-dd} to {late:yyyy-MM-dd}, {days} d after need-by")
                : new(DependencyState.AtRisk, 0, $"ETA {late:yyyy-MM-dd} is {days} d after need-by");
        }

        if (providerLatestStatus == CheckInStatus.OffTrack)
        {
            return new(DependencyState.AtRisk, 0, "provider team is off track");
        }

        if (dependency.Eta is null && needBy.DayNumber - today.DayNumber <= options.AtRiskWindowDays)
        {
            return new(DependencyState.AtRisk, 0, $"no ETA, need-by in {needBy.DayNumber - today.DayNumber} d");
        }

        return new(DependencyState.OnTime, 0, "on time");
    }
}
