using System.Globalization;
using CsvHelper;

namespace StatusBot.Host.Export;

/// <summary>
/// The export as one CSV table (RFC 4180, CRLF, UTF-8): one URL serves one file, so every row says what it is in its
/// <c>section</c> column and fills the columns of that kind; the others are empty. Sections, in this order:
/// <c>team_week</c>, <c>dependency</c>, <c>dependency_eta_change</c>, <c>milestone</c>, <c>milestone_date_change</c>,
/// <c>risk</c>, <c>decision</c>. Dates are <c>yyyy-MM-dd</c> (the team's or program's calendar date); <c>at</c> and
/// <c>closed_at</c> are UTC instants, <c>yyyy-MM-ddTHH:mm:ssZ</c>. Text that a spreadsheet would run as a formula is
/// prefixed with <c>'</c>.
/// </summary>
public static class ProgramExportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Columns =
    [
        "section", "id", "team", "week_of", "status", "answered", "asked", "blockers_open", "blockers_resolved",
        "name", "consumer_team", "provider_team", "need_by", "eta", "original_due_date", "due_date", "state", "slip_days", "milestone",
        "from_date", "to_date", "probability", "impact", "score", "owner", "mitigation", "review_date", "by", "at", "closed_at",
    ];

    private static readonly Dictionary<string, int> Index = Columns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);

    public static void Write(ProgramExport export, TextWriter destination)
    {
        ArgumentNullException.ThrowIfNull(export);
        using var csv = CsvWriter.Create(destination, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(Columns);
        foreach (var week in export.TeamWeeks)
        {
            csv.WriteRecord(Row("team_week",
                ("team", week.Team), ("week_of", Date(week.WeekOf)), ("status", week.Status), ("answered", Number(week.Answered)), ("asked", Number(week.Asked)),
                ("blockers_open", Number(week.BlockersOpen)), ("blockers_resolved", Number(week.BlockersResolved))));
        }

        foreach (var d in export.Dependencies)
        {
            csv.WriteRecord(Row("dependency",
                ("id", Number(d.Id)), ("name", d.What), ("consumer_team", d.ConsumerTeam), ("provider_team", d.ProviderTeam), ("need_by", Date(d.NeedBy)),
                ("eta", Date(d.Eta)), ("state", d.State), ("slip_days", Number(d.SlipDays)), ("milestone", d.Milestone), ("at", Instant(d.CreatedAt)), ("closed_at", Instant(d.DeliveredAt))));
        }

        foreach (var d in export.Dependencies)
        {
            foreach (var change in d.EtaChanges)
            {
                csv.WriteRecord(Change("dependency_eta_change", d.Id, d.What, change));
            }
        }

        foreach (var m in export.Milestones)
        {
            csv.WriteRecord(Row("milestone",
                ("id", Number(m.Id)), ("name", m.Name), ("original_due_date", Date(m.OriginalDueDate)), ("due_date", Date(m.DueDate)), ("closed_at", Instant(m.ReachedAt))));
        }

        foreach (var m in export.Milestones)
        {
            foreach (var change in m.DateChanges)
            {
                csv.WriteRecord(Change("milestone_date_change", m.Id, m.Name, change));
            }
        }

        foreach (var r in export.Risks)
        {
            csv.WriteRecord(Row("risk",
                ("id", Number(r.Id)), ("name", r.Title), ("probability", Number(r.Probability)), ("impact", Number(r.Impact)), ("score", Number(r.Score)), ("state", r.State),
                ("owner", r.Owner), ("mitigation", r.Mitigation), ("review_date", Date(r.ReviewDate)), ("at", Instant(r.CreatedAt)), ("closed_at", Instant(r.ClosedAt))));
        }

        foreach (var d in export.Decisions)
        {
            csv.WriteRecord(Row("decision", ("id", Number(d.Id)), ("name", d.Text), ("by", d.DecidedBy), ("at", Instant(d.DecidedAt))));
        }
    }

    public static string ToText(ProgramExport export)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(export, text);
        return text.ToString();
    }

    private static string[] Change(string section, long id, string name, DateChangeRow change) =>
        Row(section, ("id", Number(id)), ("name", name), ("from_date", Date(change.From)), ("to_date", Date(change.To)), ("by", change.ChangedBy), ("at", Instant(change.ChangedAt)));

    private static string[] Row(string section, params (string Column, string? Value)[] values)
    {
        var row = new string[Columns.Length];
        Array.Fill(row, string.Empty);
        row[0] = section;
        foreach (var (column, value) in values)
        {
            row[Index[column]] = value ?? string.Empty;
        }

        return row;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string? Instant(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
