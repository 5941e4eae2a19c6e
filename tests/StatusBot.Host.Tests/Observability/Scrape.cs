using System.Globalization;
using System.Text.RegularExpressions;

namespace StatusBot.Host.Tests.Observability;

/// <summary>One <c>/metrics</c> answer in Prometheus text format, read back: the value of a series by name and labels.</summary>
internal sealed partial class Scrape(string text)
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = Parse(text);

    public string Text { get; } = text;

    /// <summary>The sum over every series of <paramref name="name"/> whose labels include <paramref name="labels"/> (<c>key=value</c>); 0 when none.</summary>
    public double Value(string name, params string[] labels)
    {
        var wanted = labels.Select(label => label.Split('=', 2)).ToList();
        return _samples
            .Where(sample => sample.Name == name && wanted.All(pair => sample.Labels.TryGetValue(pair[0], out var value) && value == pair[1]))
            .Sum(sample => sample.Value);
    }

    public bool Has(string name) => _samples.Any(sample => sample.Name == name);

    /// <summary>How much each series moved from <paramref name="before"/> to this scrape.</summary>
    public double Delta(Scrape before, string name, params string[] labels) => Value(name, labels) - before.Value(name, labels);

    private static List<(string, Dictionary<string, string>, double)> Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["key"].Value, pair => Regex.Unescape(pair.Groups["value"].Value), StringComparer.Ordinal);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((match.Groups["name"].Value, labels, value));
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
