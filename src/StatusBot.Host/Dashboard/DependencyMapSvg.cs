using System.Globalization;
using System.Net;
using System.Text;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Teams;

namespace StatusBot.Host.Dashboard;

/// <summary>
/// The dependency map as an SVG: one box per team, one arrow per dependency from the provider to the
/// consumer, coloured by state (slipped red, at risk amber, on time grey, delivered green dashed), with
/// the dependencies on a milestone's critical path drawn thick. Teams are placed in layers by how far
/// downstream they are, so the map reads top (providers) to bottom (consumers); long chains stay narrow.
/// </summary>
public static class DependencyMapSvg
{
    private const int ColumnWidth = 230;
    private const int RowHeight = 96;
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

        var layer = Layers(involved, live);
        var positions = new Dictionary<long, (double X, double Y)>();
        foreach (var group in involved.GroupBy(t => layer[t.Id]).OrderBy(g => g.Key))
        {
            var index = 0;
            foreach (var team in group)
            {
                positions[team.Id] = (Margin + (index++ * ColumnWidth), Margin + (group.Key * RowHeight));
            }
        }

        // Room on the right for labels and for the loops of teams that depend on each other.
        var width = positions.Values.Max(p => p.X) + BoxWidth + Margin + 170;
        var height = positions.Values.Max(p => p.Y) + BoxHeight + Margin;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"depmap\" role=\"img\" aria-label=\"Dependency map\" viewBox=\"0 0 {width:0} {height:0}\" width=\"{width:0}\" height=\"{height:0}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<defs>");
        foreach (var (state, colour) in Colours)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<marker id=\"arrow-{state}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
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
        double x1, y1, x2, y2, cx, cy;
        if (to.Y > from.Y)
        {
            // Downstream: bottom of the provider to the top of the consumer; parallel edges fan out.
            (x1, y1) = (from.X + (BoxWidth / 2.0), from.Y + BoxHeight);
            (x2, y2) = (to.X + (BoxWidth / 2.0), to.Y);
            // An edge that skips layers bows out to the right so it does not run through the boxes between.
            var span = (int)Math.Round((to.Y - from.Y) / RowHeight);
            var bow = span > 1 ? (BoxWidth / 2.0) + (45 * span) : 0;
            (cx, cy) = (((x1 + x2) / 2) + bow + (nth * 40), (y1 + y2) / 2);
        }
        else
        {
            // Same layer or upstream (teams depending on each other): loop around the right-hand side.
            (x1, y1) = (from.X + BoxWidth, from.Y + (BoxHeight / 2.0));
            (x2, y2) = (to.X + BoxWidth, to.Y + (BoxHeight / 2.0) + 6);
            (cx, cy) = (Math.Max(x1, x2) + 70 + (nth * 30), (y1 + y2) / 2);
        }

        var dash = dependency.State == DependencyState.Delivered ? " stroke-dasharray=\"6 4\"" : string.Empty;
        var label = dependency.What.Length > 26 ? dependency.What[..25] + "…" : dependency.What;
        var slip = dependency.State == DependencyState.Slipped && dependency.SlipDays > 0 ? $" (+{dependency.SlipDays}d)" : string.Empty;
        var (lx, ly) = ((x1 + (2 * cx) + x2) / 4, (y1 + (2 * cy) + y2) / 4);
        svg.Append(CultureInfo.InvariantCulture,
            $"<g class=\"edge {StateClass(dependency.State)}{(isCritical ? " critical" : string.Empty)}\" data-dependency=\"{dependency.Id}\">" +
            $"<title>#{dependency.Id} {Encode(dependency.What)}: {StateText(dependency.State)}{slip}, need by {dependency.NeedBy:yyyy-MM-dd}{(isCritical ? " (critical path)" : string.Empty)}</title>" +
            $"<path d=\"M{x1:0.#},{y1:0.#} Q{cx:0.#},{cy:0.#} {x2:0.#},{y2:0.#}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(isCritical ? 4.5 : 2)}\"{dash} marker-end=\"url(#arrow-{dependency.State})\"/>" +
            $"<text x=\"{lx + 8:0.#}\" y=\"{ly + 4:0.#}\" font-size=\"11\" fill=\"{colour}\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">{Encode(label)}{Encode(slip)}</text></g>");
    }

    /// <summary>A team's layer is the length of the longest provider chain feeding it (bounded, so mutual dependencies terminate).</summary>
    private static Dictionary<long, int> Layers(List<Team> teams, List<Dependency> dependencies)
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
