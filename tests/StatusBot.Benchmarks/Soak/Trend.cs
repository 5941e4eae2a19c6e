namespace StatusBot.Benchmarks.Soak;

/// <summary>
/// The least-squares line through (minute, value) samples: its slope per minute, and that slope as a share of the
/// mean over 10 minutes. A metric grows when the line rises by more than its threshold over 10 minutes.
/// </summary>
internal readonly record struct Trend(double SlopePerMinute, double Mean, double First, double Last)
{
    public double PercentOfMeanPer10Minutes => Mean == 0 ? 0 : 100 * SlopePerMinute * 10 / Mean;

    public static Trend Of(IReadOnlyList<(double Minute, double Value)> samples)
    {
        if (samples.Count < 2)
        {
            return new Trend(0, samples.Count == 1 ? samples[0].Value : 0, 0, 0);
        }

        var meanX = samples.Average(s => s.Minute);
        var meanY = samples.Average(s => s.Value);
        var covariance = samples.Sum(s => (s.Minute - meanX) * (s.Value - meanY));
        var variance = samples.Sum(s => (s.Minute - meanX) * (s.Minute - meanX));
        return new Trend(variance == 0 ? 0 : covariance / variance, meanY, samples[0].Value, samples[^1].Value);
    }

    /// <summary>Growth over 10 minutes beyond <paramref name="percent"/> % of the mean and beyond <paramref name="floor"/> (noise of a small mean).</summary>
    public bool Grows(double percent, double floor) => SlopePerMinute * 10 > Math.Max(Mean * percent / 100, floor);
}
