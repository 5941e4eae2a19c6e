using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;

namespace StatusBot.Playground.Demo;

/// <summary>The people, teams and story of the demo program, as data.</summary>
internal static class DemoCast
{
    public const string Tpm = "tina";
    public const string Leader = "leo";

    public static readonly (string Name, string Display, string Zone)[] People =
    [
        ("tina", "Tina Park (TPM)", "Europe/London"),
        ("leo", "Leo Grant (VP Eng)", "America/New_York"),
        ("alice", "Alice Moreau", "Europe/Paris"), ("bilal", "Bilal Khan", "Europe/Paris"), ("chen", "Chen Wei", "Europe/Paris"), ("dara", "Dara Okafor", "Europe/Paris"),
        ("erik", "Erik Lund", "Europe/Stockholm"), ("fatima", "Fatima Zahra", "Europe/Stockholm"), ("gus", "Gus Romero", "Europe/Stockholm"), ("hana", "Hana Sato", "Europe/Stockholm"),
        ("ivan", "Ivan Petrov", "America/New_York"), ("jade", "Jade Liu", "America/New_York"), ("kofi", "Kofi Mensah", "America/New_York"), ("lena", "Lena Vogel", "America/New_York"),
        ("mateo", "Mateo Silva", "America/Los_Angeles"), ("nora", "Nora Hughes", "America/Los_Angeles"), ("omar", "Omar Haddad", "America/Los_Angeles"), ("priya", "Priya Nair", "Asia/Kolkata"),
        ("quinn", "Quinn Avery", "Asia/Kolkata"), ("rosa", "Rosa Diaz", "Asia/Kolkata"), ("sam", "Sam Carter", "Asia/Kolkata"),
        ("tomas", "Tomás Ruiz", "Europe/Madrid"), ("uma", "Uma Iyer", "Europe/Madrid"), ("vik", "Vik Rao", "Europe/Madrid"), ("wen", "Wen Zhou", "Europe/Madrid"),
        ("xena", "Xena Doyle", "Europe/Dublin"), ("yusuf", "Yusuf Demir", "Europe/Dublin"),
    ];

    public static readonly (string Name, string Zone, string[] Members)[] Teams =
    [
        ("Payments", "Europe/Paris", ["alice", "bilal", "chen", "dara"]),
        ("Checkout Web", "Europe/Stockholm", ["erik", "fatima", "gus", "hana"]),
        ("Mobile App", "America/New_York", ["ivan", "jade", "kofi", "lena"]),
        ("Identity", "America/Los_Angeles", ["mateo", "nora", "omar"]),
        ("Data Platform", "Asia/Kolkata", ["priya", "quinn", "rosa", "sam"]),
        ("SRE", "Europe/Madrid", ["tomas", "uma", "vik", "wen", "xena", "yusuf"]),
    ];

    public static string TeamLead(string team) => Teams.First(t => t.Name == team).Members[0];

    /// <summary>
    /// Listed downstream first; each entry with <see cref="DemoEdge.FeedsNext"/> feeds the entry listed before it,
    /// so the chain Identity → Payments → Checkout Web → Mobile App → Private beta is one path in the graph.
    /// </summary>
    public static readonly DemoEdge[] Dependencies =
    [
        new("Mobile App", "Checkout Web", "Checkout UI SDK 2.0", 14, 18, "Private beta", false, DependencyState.AtRisk, 0),
        new("Checkout Web", "Payments", "Refund API v2", 7, 12, null, true, DependencyState.AtRisk, 0),
        new("Payments", "Identity", "Token exchange service", -3, 9, null, true, DependencyState.Slipped, 12),
        new("SRE", "Data Platform", "Checkout event stream", 10, 8, "Public launch", false, DependencyState.OnTime, 0),
        new("Data Platform", "Payments", "Ledger export", -5, -6, null, false, DependencyState.Delivered, 0),
        new("Checkout Web", "SRE", "Load-test environment", 20, null, "Public launch", false, DependencyState.OnTime, 0),
    ];

    public static CheckInStatus StatusOf(string team, int weeksAgo) => (team, weeksAgo) switch
    {
        ("Identity", <= 1) => CheckInStatus.OffTrack,
        ("Identity", 2) => CheckInStatus.AtRisk,
        ("Payments", <= 1) => CheckInStatus.AtRisk,
        ("Checkout Web", 0) => CheckInStatus.AtRisk,
        ("Mobile App", 3) => CheckInStatus.AtRisk,
        _ => CheckInStatus.OnTrack,
    };

    public static string Progress(string team, int weeksAgo, int member) => team switch
    {
        "Payments" => member == 0 ? $"Refund API: {90 - (weeksAgo * 15)}% of endpoints done" : "Reconciliation job hardened",
        "Checkout Web" => member == 0 ? "New address form behind a flag" : "Cart page performance +18%",
        "Mobile App" => member == 0 ? "Checkout screens wired to the SDK beta" : "Crash-free sessions 99.6%",
        "Identity" => member == 0 ? "Token exchange: key rotation redesign in review" : "SSO bug backlog down to 4",
        "Data Platform" => member == 0 ? "Checkout event schema v3 published" : "Backfill of March data finished",
        _ => member == 0 ? "Staging cluster upgraded to the new node pool" : "On-call runbooks for checkout",
    };

    public static string Next(string team, int member) => team switch
    {
        "Payments" => member == 0 ? "Refund edge cases, then hand over to Checkout Web" : "Chargeback webhooks",
        "Identity" => "Finish key rotation, unblock Payments",
        _ => member == 0 ? "Keep the beta scope on track" : "Tests and polish",
    };

    public static string? Blocker(string team, int weeksAgo) => (team, weeksAgo) switch
    {
        ("Identity", 2) => "Security review of the key rotation design not scheduled",
        ("Payments", 1) => "Waiting on Identity's token exchange service",
        ("Checkout Web", 0) => "Design sign-off for the address form",
        _ => null,
    };

    public static readonly (string Title, int Probability, int Impact, string Owner, string Mitigation, int ReviewInDays)[] Risks =
    [
        ("Card network certification may not finish before launch", 3, 5, "alice", "Booked the certification lab for two slots", 3),
        ("Token service redesign could slip the private beta", 4, 4, "mateo", "Fallback: ship beta with legacy tokens behind a flag", -2),
        ("Black Friday change freeze overlaps launch week", 2, 4, "tomas", "Agreed exception window with the CAB", 10),
        ("Mobile store review delays", 2, 2, "ivan", "Submit the build a week early", 14),
    ];

    public static readonly (string Text, int DaysAgo)[] Decisions =
    [
        ("Private beta ships without Apple Pay; added in the public launch", 2),
        ("Identity gets one extra engineer from SRE for two weeks", 4),
        ("Refunds older than 180 days stay on the legacy flow", 12),
    ];
}

/// <summary>One demo dependency; day offsets are relative to the day the demo is seeded.</summary>
internal sealed record DemoEdge(
    string Consumer,
    string Provider,
    string What,
    int NeedByInDays,
    int? EtaInDays,
    string? Milestone,
    bool FeedsNext,
    DependencyState State,
    int SlipDays);
