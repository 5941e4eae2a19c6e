namespace StatusBot.Core.Commands.Parsing;

/// <summary>"Did you mean": the closest names by edit distance, ignoring case.</summary>
public static class Suggest
{
    /// <summary>Names within a forgiving distance of <paramref name="input"/> (or containing it), best first.</summary>
    public static IReadOnlyList<string> Closest(string input, IEnumerable<string> candidates, int take = 3)
    {
        var needle = input.ToLowerInvariant();
        return candidates
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(candidate => (candidate, distance: Score(needle, candidate.ToLowerInvariant())))
            .Where(pair => pair.distance <= Math.Max(2, needle.Length / 3))
            .OrderBy(pair => pair.distance)
            .ThenBy(pair => pair.candidate, StringComparer.OrdinalIgnoreCase)
            .Take(take)
            .Select(pair => pair.candidate)
            .ToList();
    }

    private static int Score(string needle, string candidate)
    {
        if (needle.Length > 0 && (candidate.StartsWith(needle, StringComparison.Ordinal) || (needle.Length >= 3 && candidate.Contains(needle, StringComparison.Ordinal))))
        {
            return 1;
        }

        return Distance(needle, candidate);
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent swaps, the commonest typo).</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
