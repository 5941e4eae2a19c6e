namespace StatusBot.Core.Risks;

/// <summary>An open risk as the digest shows it: its score and whether its review is overdue.</summary>
public sealed record RankedRisk(Risk Risk, int Score, bool ReviewOverdue);

/// <summary>
/// The register's reading rules: open risks only, highest score (probability × impact) first, then the most overdue
/// review, then the oldest; a review date before today is overdue.
/// </summary>
public static class RiskRegister
{
    public static IReadOnlyList<RankedRisk> Rank(IEnumerable<Risk> risks, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(risks);
        return risks
            .Where(r => r.State == RiskState.Open)
            .Select(r => new RankedRisk(r, r.Score, IsReviewOverdue(r, today)))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Risk.ReviewDate ?? DateOnly.MaxValue)
            .ThenBy(r => r.Risk.Id)
            .ToList();
    }

    public static bool IsReviewOverdue(Risk risk, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return risk.State == RiskState.Open && risk.ReviewDate is { } review && review < today;
    }
}
