using System.Globalization;
using System.Net;
using System.Text;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Teams;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// The dependency map as an SVG: one box per team, one arrow per dependency from the provider to the
/// consumer, coloured by state (slipped red, at risk amber, on time grey, delivered green dashed), with
/// the dependencies on a milestone's critical path drawn thick. Teams are placed in columns by how far
/// downstream they are, so the map reads left (providers) to right (consumers).
/// </summary>
public static class DependencyMapSvg
{
    private const int ColumnWidth = 250;
    private const int RowHeight = 86;
    private const int BoxWidth = 150;
    private const int BoxHeight = 40;
    private const int Margin = 24;

    public static string Render(IReadOnlyList<Team> teams, IReadOnlyList<Dependency> dependencies, IReadOnlySet<long> critical)
    {
        var live = dependencies.Where(d => d.State != DependencyState.Dropped).ToList();
        var involved = teams.Where(t => live.Any(d => d.ProviderTeamId == t.Id || d.ConsumerTeamId == t.Id)).ToList();
        if (involved.Count == 0)
        {
            return "<p class=\"empty\">No dependencies between teams yet (<code>/statusbot dep add …</code>).</p>";
        }

        var column = Columns(involved, live);
        var positions = new Dictionary<long, (double X, double Y)>();
        foreach (var group in involved.GroupBy(t => column[t.Id]).OrderBy(g => g.Key))
        {
            var row = 0;
            foreach (var team in group)
            {
                positions[team.Id] = (Margin + (group.Key * ColumnWidth), Margin + (row++ * RowHeight));
            }
        }

        var width = positions.Values.Max(p => p.X) + BoxWidth + Margin;
        var height = positions.Values.Max(p => p.Y) + BoxHeight + Margin + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"depmap\" role=\"img\" aria-label=\"Dependency map\" viewBox=\"0 0 {width:0} {height:0}\" width=\"{width:0}\" height=\"{height:0}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<defs>");
        foreach (var (state, colour) in Colours)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<marker id=\"arrow-{state}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
        }

        svg.Append("</defs>");
        var pairIndex = new Dictionary<(long, long), int>();
        foreach (var dependency in live)
        {
            var key = (dependency.ProviderTeamId, dependency.ConsumerTeamId);
            var nth = pairIndex[key] = pairIndex.GetValueOrDefault(key, -1) + 1;
            AppendEdge(svg, dependency, positions[dependency.ProviderTeamId], positions[dependency.ConsumerTeamId], nth, critical.Contains(dependency.Id));
        }

        foreach (var team in involved)
        {
            var (x, y) = positions[team.Id];
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"team\"><rect x=\"{x:0}\" y=\"{y:0}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"8\" fill=\"#fff\" stroke=\"#344054\"/>" +
                $"<text x=\"{x + (BoxWidth / 2):0}\" y=\"{y + 25:0}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\">{Encode(team.Name)}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static readonly (DependencyState State, string Colour)[] Colours =
    [
        (DependencyState.Slipped, "#e03131"),
        (DependencyState.AtRisk, "#f08c00"),
        (DependencyState.OnTime, "#98a2b3"),
        (DependencyState.Delivered, "#2f9e44"),
    ];

    private static void AppendEdge(StringBuilder svg, Dependency dependency, (double X, double Y) from, (double X, double Y) to, int nth, bool isCritical)
    {
        var colour = Colours.First(c => c.State == dependency.State).Colour;
        var (x1, y1) = (from.X + BoxWidth, from.Y + (BoxHeight / 2.0));
        var (x2, y2) = (to.X, to.Y + (BoxHeight / 2.0));
        if (to.X <= from.X)
        {
            // Same column or backwards (teams depending on each other): leave from the bottom, come back around.
            (x1, y1) = (from.X + (BoxWidth / 2.0), from.Y + BoxHeight);
            (x2, y2) = (to.X + (BoxWidth / 2.0), to.Y + BoxHeight);
        }

        var bend = 18 + (nth * 22);
        var (cx, cy) = ((x1 + x2) / 2, ((y1 + y2) / 2) + (to.X <= from.X ? bend + 30 : (nth % 2 == 0 ? -bend : bend) * Math.Min(nth, 1)));
        var dash = dependency.State == DependencyState.Delivered ? " stroke-dasharray=\"6 4\"" : string.Empty;
        var label = dependency.What.Length > 28 ? dependency.What[..27] + "…" : dependency.What;
        var slip = dependency.State == DependencyState.Slipped && dependency.SlipDays > 0 ? $" (+{dependency.SlipDays}d)" : string.Empty;
        svg.Append(CultureInfo.InvariantCulture,
            $"<g class=\"edge {StateClass(dependency.State)}{(isCritical ? " critical" : string.Empty)}\" data-dependency=\"{dependency.Id}\">" +
            $"<title>#{dependency.Id} {Encode(dependency.What)}: {StateText(dependency.State)}{slip}, need by {dependency.NeedBy:yyyy-MM-dd}{(isCritical ? " (critical path)" : string.Empty)}</title>" +
            $"<path d=\"M{x1:0.#},{y1:0.#} Q{cx:0.#},{cy:0.#} {x2:0.#},{y2:0.#}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(isCritical ? 4.5 : 2)}\"{dash} marker-end=\"url(#arrow-{dependency.State})\"/>" +
            $"<text x=\"{cx:0.#}\" y=\"{((y1 + y2) / 2) + ((cy - ((y1 + y2) / 2)) / 2) - 4:0.#}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{colour}\">{Encode(label)}{Encode(slip)}</text></g>");
    }

    /// <summary>A team's column is the length of the longest provider chain feeding it (bounded, so mutual dependencies terminate).</summary>
    private static Dictionary<long, int> Columns(List<Team> teams, List<Dependency> dependencies)
    {
        var column = teams.ToDictionary(t => t.Id, _ => 0);
        for (var round = 0; round < teams.Count; round++)
        {
            var changed = false;
            foreach (var d in dependencies.Where(d => d.ProviderTeamId != d.ConsumerTeamId))
            {
                if (column[d.ConsumerTeamId] < column[d.ProviderTeamId] + 1 && column[d.ProviderTeamId] + 1 < teams.Count)
                {
                    column[d.ConsumerTeamId] = column[d.ProviderTeamId] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return column;
    }

    private static string StateClass(DependencyState state) => state switch
    {
        DependencyState.Slipped => "slipped",
        DependencyState.AtRisk => "at-risk",
        DependencyState.Delivered => "delivered",
        _ => "on-time",
    };

    private static string StateText(DependencyState state) => state switch
    {
        DependencyState.Slipped => "slipped",
        DependencyState.AtRisk => "at risk",
        DependencyState.Delivered => "delivered",
        _ => "on time",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
