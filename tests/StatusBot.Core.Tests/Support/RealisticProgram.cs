using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Decisions;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Support;

/// <summary>
/// "Apollo": 8 teams, 3 weeks of check-ins (weeks of 11-09, 11-16, 11-23), a slipped chain that reaches the Beta
/// milestone, at-risk dependencies for each at-risk rule, a delivered one, blockers old enough to escalate, a new one
/// and a resolved one, a risk register with an overdue review, decisions this week and last, and two channels.
/// The digest is published on Friday 2026-11-27 17:00 UTC.
/// </summary>
public static class RealisticProgram
{
    public static readonly DateTimeOffset PublishedAt = new(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly[] Weeks = [new(2026, 11, 9), new(2026, 11, 16), new(2026, 11, 23)];
    public static DateOnly ThisWeek => Weeks[2];

    private const CheckInStatus On = CheckInStatus.OnTrack, Risk = CheckInStatus.AtRisk, Off = CheckInStatus.OffTrack;

    // Team, its lead's status per week (null: nobody answered; "skip": no cycle that week), members.
    private static readonly (string Team, CheckInStatus?[] Lead, bool SkipsThisWeek, string[] People)[] Teams =
    [
        ("Checkout", [On, On, Risk], false, ["Ana Lima", "Ben Okafor", "Chen Wei"]),
        ("Payments", [Risk, Off, Off], false, ["Priya Nair", "Dmitri Volkov", "Eva Berg"]),
        ("Search", [On, On, On], false, ["Sam Reyes", "Ines Costa", "Tom Hale"]),
        ("Mobile", [Risk, Risk, On], false, ["Maya Cohen", "Luis Ortega", "Kofi Mensah"]),
        ("Web", [On, On, On], false, ["Wen Zhao", "Olga Petrova", "Raj Patel"]),
        ("Identity", [On, Risk, Risk], false, ["Ida Strand", "Noah Kim", "Zoe Martin"]),
        ("Data Platform", [On, On, null], false, ["Dan Frost", "Hana Sato", "Leo Rossi"]),
        ("SRE", [On, On, null], true, ["Sara Lind", "Omar Haddad", "Pia Lund"]),
    ];

    public static async Task<long> SeedAsync(IStoreSession s, CancellationToken ct)
    {
        var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        await Seed.WorkspaceAsync(s);
        var program = await s.Programs.AddAsync(new Program { WorkspaceId = "slack:T1", Name = "Apollo", CreatedAt = at }, ct);
        var number = 0;
        async Task<Person> PersonAsync(string name) => await s.People.AddAsync(
            new Person { WorkspaceId = "slack:T1", Identity = $"slack:T1:U{++number:D3}", DisplayName = name, TimeZone = "Europe/Berlin", CreatedAt = at }, ct);

        var tpm = await PersonAsync("Tara Quinn");
        await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tpm.Id, Role = Role.Tpm }, ct);
        await s.Programs.AddChannelAsync(new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C0LEAD", DisplayName = "#apollo-leadership", CreatedAt = at }, ct);
        await s.Programs.AddChannelAsync(new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C0APOLLO", DisplayName = "#apollo", CreatedAt = at }, ct);

        var team = new Dictionary<string, Team>();
        var people = new Dictionary<string, Person>();
        foreach (var (name, lead, skips, members) in Teams)
        {
            var t = team[name] = await s.Teams.AddAsync(new Team { ProgramId = program.Id, Name = name, CreatedAt = at }, ct);
            var ids = new List<long>();
            for (var i = 0; i < members.Length; i++)
            {
                var p = people[members[i]] = await PersonAsync(members[i]);
                ids.Add(p.Id);
                await s.Teams.AddMemberAsync(new TeamMembership { TeamId = t.Id, PersonId = p.Id, IsLead = i == 0, JoinedAt = at }, ct);
            }

            for (var w = 0; w < Weeks.Length; w++)
            {
                if (w == 2 && skips)
                {
                    await s.Teams.AddSkippedWeekAsync(new SkippedWeek { TeamId = t.Id, WeekOf = Weeks[w], Reason = "Offsite" }, ct);
                    continue;
                }

                var opens = new DateTimeOffset(Weeks[w].ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                var (cycle, _) = await s.CheckIns.OpenCycleAsync(
                    new CheckInCycle { TeamId = t.Id, WeekOf = Weeks[w], OpensAt = opens, RemindAt = opens.AddHours(20), ClosesAt = opens.AddHours(24) }, ct);
                await s.CheckIns.AddCycleMembersAsync(cycle.Id, ids, ct);
                if (lead[w] is not { } status)
                {
                    continue;
                }

                // This week the third member of Checkout and of Identity has not answered.
                var answering = w == 2 && name is "Checkout" or "Identity" ? ids.Take(2) : ids;
                foreach (var (personId, index) in answering.Select((id, index) => (id, index)))
                {
                    await s.CheckIns.SaveAnswerAsync(
                        new Answer { CycleId = cycle.Id, PersonId = personId, Status = index == 0 ? status : On, Progress = "Progress", Next = "Next", SubmittedAt = opens.AddHours(2 + index) }, ct);
                }

                if (w < 2)
                {
                    await s.CheckIns.CloseCycleAsync(cycle.Id, opens.AddHours(24), ct);
                }
            }
        }

        var beta = await s.Milestones.AddAsync(new Milestone { ProgramId = program.Id, Name = "Beta", DueDate = new(2026, 12, 11), CreatedAt = at }, ct);
        var ga = await s.Milestones.AddAsync(new Milestone { ProgramId = program.Id, Name = "GA", DueDate = new(2027, 1, 15), CreatedAt = at }, ct);
        async Task<Dependency> Dep(string what, string provider, string consumer, DateOnly needBy, DateOnly? eta, long? milestone = null, long? feeds = null, DateTimeOffset? delivered = null) =>
            await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = team[consumer].Id,
                ProviderTeamId = team[provider].Id,
                What = what,
                NeedBy = needBy,
                Eta = eta,
                MilestoneId = milestone,
                FeedsDependencyId = feeds,
                DeliveredAt = delivered,
                CreatedByPersonId = tpm.Id,
                CreatedAt = at,
            }, ct);

        var storefront = await Dep("Web storefront", "Web", "Mobile", new(2026, 12, 18), new(2026, 12, 16), milestone: ga.Id);
        var checkoutUi = await Dep("Checkout UI", "Checkout", "Web", new(2026, 12, 4), new(2026, 12, 2), milestone: beta.Id, feeds: storefront.Id);
        var refundApi = await Dep("Refund API", "Payments", "Checkout", new(2026, 11, 20), new(2026, 12, 14), feeds: checkoutUi.Id);
        var sso = await Dep("SSO tokens", "Identity", "Mobile", new(2026, 12, 10), new(2026, 12, 15), milestone: ga.Id);
        await Dep("Search index v2", "Search", "Web", new(2026, 12, 2), null);
        await Dep("Fraud scoring", "Payments", "Checkout", new(2027, 1, 8), new(2027, 1, 5));
        await Dep("Metrics pipeline", "Data Platform", "SRE", new(2026, 11, 13), new(2026, 11, 12), delivered: new DateTimeOffset(2026, 11, 12, 15, 0, 0, TimeSpan.Zero));
        await Dep("Load test environment", "SRE", "Payments", new(2026, 12, 20), new(2026, 12, 18));
        var payLead = people["Priya Nair"];
        await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = refundApi.Id, FromEta = null, ToEta = new(2026, 11, 18), ChangedByPersonId = payLead.Id, ChangedAt = at.AddDays(1) }, ct);
        await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = refundApi.Id, FromEta = new(2026, 11, 18), ToEta = new(2026, 12, 14), ChangedByPersonId = payLead.Id, ChangedAt = at.AddDays(16) }, ct);
        await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = sso.Id, FromEta = null, ToEta = new(2026, 12, 15), ChangedByPersonId = people["Ida Strand"].Id, ChangedAt = at.AddDays(9) }, ct);

        async Task BlockerAsync(string teamName, string person, string text, DateTimeOffset opened, DateTimeOffset? resolved = null) =>
            await s.Blockers.AddAsync(new Blocker { TeamId = team[teamName].Id, PersonId = people[person].Id, Text = text, OpenedAt = opened, ResolvedAt = resolved }, ct);
        await BlockerAsync("Payments", "Priya Nair", "Waiting on PCI review from Security", new(2026, 11, 10, 11, 0, 0, TimeSpan.Zero));
        await BlockerAsync("Identity", "Noah Kim", "Staging IdP certificate expired", new(2026, 11, 17, 11, 0, 0, TimeSpan.Zero));
        await BlockerAsync("Checkout", "Ben Okafor", "Refund flow design not final", new(2026, 11, 24, 11, 0, 0, TimeSpan.Zero));
        await BlockerAsync("Mobile", "Luis Ortega", "App store review delay", new(2026, 11, 10, 11, 0, 0, TimeSpan.Zero), resolved: new DateTimeOffset(2026, 11, 17, 10, 0, 0, TimeSpan.Zero));

        async Task RiskAsync(string title, int p, int i, Person? owner, string? mitigation, DateOnly? review, RiskState state = RiskState.Open) =>
            await s.Risks.AddAsync(new Core.Risks.Risk { ProgramId = program.Id, Title = title, Probability = p, Impact = i, OwnerPersonId = owner?.Id, Mitigation = mitigation, ReviewDate = review, State = state, CreatedAt = at }, ct);
        await RiskAsync("PCI audit finds gaps in refund storage", 4, 5, payLead, "Pre-audit with Security on 12-01", new(2026, 11, 20));
        await RiskAsync("Holiday code freeze starts 12-18", 5, 3, tpm, "Merge GA-critical work before 12-16", new(2026, 12, 4));
        await RiskAsync("Search v2 relevance regressions", 2, 3, people["Sam Reyes"], null, null);
        await RiskAsync("Vendor SDK deprecation", 1, 2, null, "Upgraded", null, RiskState.Closed);

        await s.Decisions.AddAsync(new Decision { ProgramId = program.Id, Text = "Move GA to 2027-01-15", DecidedByPersonId = tpm.Id, DecidedAt = new(2026, 11, 18, 14, 0, 0, TimeSpan.Zero) }, ct);
        await s.Decisions.AddAsync(new Decision { ProgramId = program.Id, Text = "Ship Beta without partial refunds", DecidedByPersonId = tpm.Id, DecidedAt = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero) }, ct);
        await s.Decisions.AddAsync(new Decision { ProgramId = program.Id, Text = "Mobile uses web checkout until GA", DecidedByPersonId = people["Maya Cohen"].Id, DecidedAt = new(2026, 11, 26, 16, 30, 0, TimeSpan.Zero) }, ct);
        return program.Id;
    }
}
