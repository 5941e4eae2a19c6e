using System.Globalization;
using System.Net;
using System.Text;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Messages;

namespace StatusBot.Host.Dashboard;

/// <summary>The read-only program page leadership opens from the digest: server-rendered HTML, no script.</summary>
public static class DashboardPage
{
    /// <param name="accessQuery">The query that opened the page (signed link or reader token); the export links carry it, as they need the same access.</param>
    public static string Render(DashboardModel model, string? accessQuery = null)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(model.ProgramName)} · StatusBot</title><style>{Styles}</style></head><body>
            <header><h1>{Encode(model.ProgramName)}</h1><span>Week of {model.WeekOf:d MMM yyyy}</span>
            """);
        if (accessQuery is not null)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<nav class=\"export\">Export for reviews: <a href=\"/programs/{model.ProgramId}/export.csv{Encode(accessQuery)}\">CSV</a> · <a href=\"/programs/{model.ProgramId}/export.json{Encode(accessQuery)}\">JSON</a></nav>");
        }

        html.Append("</header><main>");
        html.Append("<section id=\"digest\"><h2>This week's digest</h2>");
        html.Append(model.Digest is { } digest ? HtmlRenderer.Render(digest) : "<p class=\"empty\">No digest yet.</p>");
        html.Append("</section>");
        AppendGrid(html, model);
        html.Append("<section id=\"map\"><h2>Dependency map</h2>");
        html.Append(DependencyMapSvg.Render(model.Teams, model.Dependencies, model.CriticalDependencyIds));
        html.Append("<p class=\"legend\"><span class=\"l slipped\"></span>slipped <span class=\"l at-risk\"></span>at risk <span class=\"l on-time\"></span>on time <span class=\"l delivered\"></span>delivered <b>thick</b>: on a milestone's critical path</p></section>");
        AppendRiskMatrix(html, model);
        AppendBlockers(html, model);
        AppendDateMoves(html, model);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void AppendGrid(StringBuilder html, DashboardModel model)
    {
        html.Append("<section id=\"grid\"><h2>Team status by week</h2><table class=\"grid\"><thead><tr><th>Team</th>");
        foreach (var week in model.Weeks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{week:d MMM}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var team in model.Teams)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(team.Name)}</th>");
            foreach (var week in model.Weeks)
            {
                if (model.Grid.TryGetValue((team.Id, week), out var cell))
                {
                    var badge = cell.Status is { } status ? CheckInStatusDisplay.Badge(status) : StatusBadge.Unknown;
                    var (css, text) = (HtmlRenderer.BadgeClass(badge), HtmlRenderer.BadgeText(badge));
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css}\" title=\"{text}: {cell.Answered} of {cell.Asked} answered\">{text}<small>{cell.Answered}/{cell.Asked}</small></td>");
                }
                else
                {
                    html.Append("<td class=\"none\">–</td>");
                }
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void AppendRiskMatrix(StringBuilder html, DashboardModel model)
    {
        html.Append("<section id=\"risks\"><h2>Risk matrix</h2><table class=\"matrix\"><tbody>");
        for (var probability = 5; probability >= 1; probability--)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>P{probability}</th>");
            for (var impact = 1; impact <= 5; impact++)
            {
                var here = model.OpenRisks.Where(r => r.Risk.Probability == probability && r.Risk.Impact == impact).ToList();
                var heat = (probability * impact) switch { >= 15 => "hot", >= 8 => "warm", _ => "cool" };
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{heat}\">");
                foreach (var risk in here)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<span class=\"risk{(risk.ReviewOverdue ? " overdue" : string.Empty)}\" title=\"{Encode(risk.Risk.Title)}{(risk.ReviewOverdue ? " (review overdue)" : string.Empty)}\">#{risk.Risk.Id}</span>");
                }

                html.Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("<tr><th></th><th>I1</th><th>I2</th><th>I3</th><th>I4</th><th>I5</th></tr></tbody></table><ol class=\"risk-list\">");
        foreach (var risk in model.OpenRisks)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<li><b>#{risk.Risk.Id}</b> {Encode(risk.Risk.Title)} <span class=\"score\">score {risk.Score}</span>{(risk.ReviewOverdue ? " <span class=\"overdue\">review overdue</span>" : string.Empty)}{(risk.Risk.Mitigation is { } m ? $"<br><small>Mitigation: {Encode(m)}</small>" : string.Empty)}</li>");
        }

        html.Append("</ol></section>");
    }

    private static void AppendBlockers(StringBuilder html, DashboardModel model)
    {
        html.Append("<section id=\"blockers\"><h2>Open blockers by age</h2>");
        if (model.Blockers.Count == 0)
        {
            html.Append("<p class=\"empty\">No open blockers.</p></section>");
            return;
        }

        html.Append("<table class=\"blockers\"><thead><tr><th>Age</th><th>Id</th><th>Team</th><th>Who</th><th>Blocker</th></tr></thead><tbody>");
        foreach (var blocker in model.Blockers)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{blocker.AgeDays} d<small>{blocker.CyclesOpen} wk</small></td><td>#{blocker.Id}</td><td>{Encode(blocker.Team)}</td><td>{Encode(blocker.Person)}</td><td>{Encode(blocker.Text)}</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void AppendDateMoves(StringBuilder html, DashboardModel model)
    {
        html.Append("<section id=\"history\"><h2>Date changes</h2>");
        if (model.DateMoves.Count == 0)
        {
            html.Append("<p class=\"empty\">No dependency ETA or milestone date has moved.</p></section>");
            return;
        }

        html.Append("<ol class=\"history\">");
        foreach (var move in model.DateMoves)
        {
            var change = move.From is { } from
                ? $"{move.Date} moved from {Day(from)} to {(move.To is { } to ? Day(to) : "none")}"
                : $"{move.Date} set to {(move.To is { } first ? Day(first) : "none")}";
            html.Append(CultureInfo.InvariantCulture, $"<li><b>{Encode(move.What)}</b>: {change} by {Encode(move.By)} on {Day(move.On)}</li>");
        }

        html.Append("</ol></section>");
    }

    private static string Day(DateOnly date) => date.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Styles = """
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
        header{display:flex;align-items:baseline;gap:16px;padding:14px 24px;background:#1d2330;color:#fff}header h1{margin:0;font-size:20px}header span{color:#cfd4dc}
        header nav.export{margin-left:auto;color:#cfd4dc;font-size:13px}header nav.export a{color:#fff}
        main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:16px 24px}
        section{background:#fff;border:1px solid #e4e7ec;border-radius:10px;padding:12px 16px;overflow:auto}
        section h2{margin:0 0 10px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#667085}
        #map,#grid{grid-column:1/-1}
        .msg h3{margin:0 0 6px}.msg p{margin:4px 0}.msg .context{color:#667085;font-size:12px}.msg hr{border:0;border-top:1px solid #e4e7ec}
        .badge{display:inline-block;min-width:68px;text-align:center;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:#98a2b3}
        .badge.on-track{background:#2f9e44}.badge.at-risk{background:#f08c00}.badge.off-track{background:#e03131}
        .fields{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}.fields dd{margin:0}
        table{border-collapse:collapse}th,td{padding:6px 8px;text-align:left}
        .grid td{text-align:center;border:2px solid #fff;border-radius:6px;color:#fff;font-weight:600;font-size:12px;min-width:72px}
        .grid td small{display:block;font-weight:400;opacity:.85}
        td.on-track{background:#2f9e44}td.at-risk{background:#f08c00}td.off-track{background:#e03131}td.unknown{background:#98a2b3}td.none{color:#98a2b3}
        .matrix td{width:54px;height:40px;border:1px solid #fff;vertical-align:top}.matrix td.hot{background:#ffe3e3}.matrix td.warm{background:#fff3bf}.matrix td.cool{background:#ebfbee}
        .risk{display:inline-block;margin:2px;padding:0 5px;border-radius:8px;background:#1d2330;color:#fff;font-size:11px}.risk.overdue{background:#e03131;color:#fff}
        span.overdue:not(.risk){color:#e03131;font-weight:600}.score{color:#667085}
        .blockers td small{display:block;color:#667085}.blockers tr+tr td{border-top:1px solid #e4e7ec}
        .legend .l{display:inline-block;width:18px;height:4px;margin:0 4px 2px 10px;vertical-align:middle}
        .l.slipped{background:#e03131}.l.at-risk{background:#f08c00}.l.on-time{background:#98a2b3}.l.delivered{background:#2f9e44}
        .empty{color:#667085;font-style:italic}
        """;
}
