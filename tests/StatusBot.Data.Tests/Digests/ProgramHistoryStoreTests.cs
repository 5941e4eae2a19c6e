using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Digests;

public sealed class ProgramHistoryStoreTests : StoreTest
{
    private static readonly DateOnly W1 = new(2026, 11, 9), W2 = new(2026, 11, 16), W3 = new(2026, 11, 23);

    private sealed record World(long ProgramId, long OtherProgramId, long Checkout, long Payments, long Ana, long Ben, long Tpm, long Outsider);

    // Apollo: Checkout (Ana lead, Ben) and Payments (Ben); TPM Tara; Zeus, another program, with its own team and person.
    private static async Task<World> SeedAsync(TestDatabase db) => await InSession(db, async s =>
    {
        await Seed.WorkspaceAsync(s);
        var program = await Seed.ProgramAsync(s);
        var other = await Seed.ProgramAsync(s, "Zeus");
        var checkout = await Seed.TeamAsync(s, program.Id, "Checkout");
        var payments = await Seed.TeamAsync(s, program.Id, "Payments");
        var zeusTeam = await Seed.TeamAsync(s, other.Id, "Zeus core");
        var ana = await Seed.PersonAsync(s, "U-ana");
        var ben = await Seed.PersonAsync(s, "U-ben");
        var tpm = await Seed.PersonAsync(s, "U-tpm");
        var outsider = await Seed.PersonAsync(s, "U-out");
        await s.Teams.AddMemberAsync(new TeamMembership { TeamId = checkout.Id, PersonId = ana.Id, IsLead = true, JoinedAt = Seed.Now }, Ct);
        await s.Teams.AddMemberAsync(new TeamMembership { TeamId = checkout.Id, PersonId = ben.Id, JoinedAt = Seed.Now }, Ct);
        await s.Teams.AddMemberAsync(new TeamMembership { TeamId = payments.Id, PersonId = ben.Id, JoinedAt = Seed.Now }, Ct);
        await s.Teams.AddMemberAsync(new TeamMembership { TeamId = zeusTeam.Id, PersonId = outsider.Id, JoinedAt = Seed.Now }, Ct);
        await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tpm.Id, Role = Role.Tpm }, Ct);

        async Task<long> CycleAsync(long teamId, DateOnly week) => (await s.CheckIns.OpenCycleAsync(
            new CheckInCycle { TeamId = teamId, WeekOf = week, OpensAt = Seed.Now, RemindAt = Seed.Now.AddHours(20), ClosesAt = Seed.Now.AddHours(24) }, Ct)).Cycle.Id;
        async Task AnswerAsync(long cycleId, long personId, CheckInStatus status) =>
            await s.CheckIns.SaveAnswerAsync(new Answer { CycleId = cycleId, PersonId = personId, Status = status, SubmittedAt = Seed.Now }, Ct);

        // Checkout answered in W1 and W2 and has an unanswered W3 cycle; Payments answered only in W1.
        var c1 = await CycleAsync(checkout.Id, W1);
        await AnswerAsync(c1, ana.Id, CheckInStatus.OnTrack);
        var c2 = await CycleAsync(checkout.Id, W2);
        await AnswerAsync(c2, ana.Id, CheckInStatus.AtRisk);
        await AnswerAsync(c2, ben.Id, CheckInStatus.OnTrack);
        var c3 = await CycleAsync(checkout.Id, W3);
        await s.CheckIns.AddCycleMembersAsync(c3, [ana.Id, ben.Id], Ct);
        var p1 = await CycleAsync(payments.Id, W1);
        await AnswerAsync(p1, ben.Id, CheckInStatus.OffTrack);
        var z3 = await CycleAsync(zeusTeam.Id, W3);
        await s.CheckIns.AddCycleMembersAsync(z3, [outsider.Id], Ct);
        await AnswerAsync(z3, outsider.Id, CheckInStatus.OffTrack);

        await s.Blockers.AddAsync(new Blocker { TeamId = checkout.Id, PersonId = ana.Id, Text = "open", OpenedAt = Seed.Now }, Ct);
        await s.Blockers.AddAsync(new Blocker { TeamId = checkout.Id, PersonId = ana.Id, Text = "resolved", OpenedAt = Seed.Now, ResolvedAt = Seed.Now.AddDays(1) }, Ct);
        await s.Blockers.AddAsync(new Blocker { TeamId = zeusTeam.Id, PersonId = outsider.Id, Text = "other program", OpenedAt = Seed.Now }, Ct);
        return new World(program.Id, other.Id, checkout.Id, payments.Id, ana.Id, ben.Id, tpm.Id, outsider.Id);
    });

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Program_wide_reads_return_only_that_programs_rows_for_the_weeks_asked(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db);

        var cycles = await InSession(db, s => s.History.ListCycleWeeksAsync(w.ProgramId, W2, W3, Ct));
        Assert.Equal([(w.Checkout, W2), (w.Checkout, W3)], cycles.Select(c => (c.TeamId, c.WeekOf)));

        var answers = await InSession(db, s => s.History.ListAnswersAsync(w.ProgramId, W1, W2, Ct));
        Assert.Equal(
            [(w.Checkout, W1, w.Ana, CheckInStatus.OnTrack), (w.Payments, W1, w.Ben, CheckInStatus.OffTrack), (w.Checkout, W2, w.Ana, CheckInStatus.AtRisk), (w.Checkout, W2, w.Ben, CheckInStatus.OnTrack)],
            answers.Select(a => (a.TeamId, a.WeekOf, a.PersonId, a.Status)));

        var asked = await InSession(db, s => s.History.ListCycleMembersAsync(w.ProgramId, W3, Ct));
        Assert.Equal([(w.Checkout, w.Ana), (w.Checkout, w.Ben)], asked.Select(m => (m.TeamId, m.PersonId)));

        Assert.Equal(["open"], (await InSession(db, s => s.History.ListOpenBlockersAsync(w.ProgramId, Ct))).Select(b => b.Text));
        Assert.Equal(
            [(w.Checkout, w.Ana, true)],
            (await InSession(db, s => s.History.ListLeadsAsync(w.ProgramId, Ct))).Select(m => (m.TeamId, m.PersonId, m.IsLead)));
        Assert.Equal(
            [new ProgramPerson { Id = w.Ana, WorkspaceId = "slack:T1", Identity = "slack:T1:U-ana", DisplayName = "U-ana" }, new ProgramPerson { Id = w.Ben, WorkspaceId = "slack:T1", Identity = "slack:T1:U-ben", DisplayName = "U-ben" }, new ProgramPerson { Id = w.Tpm, WorkspaceId = "slack:T1", Identity = "slack:T1:U-tpm", DisplayName = "U-tpm" }],
            await InSession(db, s => s.History.ListPeopleAsync(w.ProgramId, Ct)));
        Assert.Equal([w.ProgramId, w.OtherProgramId], await InSession(db, s => s.History.ListProgramIdsAsync(Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Latest_answers_are_each_teams_most_recent_answered_cycle(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db);

        var latest = await InSession(db, s => s.History.ListLatestAnswersAsync(w.ProgramId, Ct));

        // Checkout's W3 cycle has no answer yet, so W2 is its latest; Payments only ever answered in W1.
        Assert.Equal(
            [(w.Checkout, W2, w.Ana), (w.Checkout, W2, w.Ben), (w.Payments, W1, w.Ben)],
            latest.Select(a => (a.TeamId, a.WeekOf, a.PersonId)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Latest_eta_changes_and_state_history_round_trip(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db);
        var (a, b) = await InSession(db, async s =>
        {
            Dependency New(string what) => new() { ProgramId = w.ProgramId, ConsumerTeamId = w.Checkout, ProviderTeamId = w.Payments, What = what, NeedBy = W3, CreatedByPersonId = w.Tpm, CreatedAt = Seed.Now };
            return (await s.Dependencies.AddAsync(New("A"), Ct), await s.Dependencies.AddAsync(New("B"), Ct));
        });
        await InSession(db, async s =>
        {
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = a.Id, ToEta = W2, ChangedByPersonId = w.Ana, ChangedAt = Seed.Now }, Ct);
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = a.Id, FromEta = W2, ToEta = W3, ChangedByPersonId = w.Ana, ChangedAt = Seed.Now }, Ct);
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = b.Id, ToEta = W1, ChangedByPersonId = w.Ana, ChangedAt = Seed.Now }, Ct);
        });

        var latest = await InSession(db, s => s.Dependencies.ListLatestEtaChangesAsync(w.ProgramId, Ct));
        Assert.Equal([(a.Id, (DateOnly?)W2, (DateOnly?)W3), (b.Id, null, W1)], latest.Select(c => (c.DependencyId, c.FromEta, c.ToEta)));

        var change = await InSession(db, s => s.Dependencies.AddStateChangeAsync(
            new DependencyStateChange { DependencyId = a.Id, FromState = DependencyState.OnTime, ToState = DependencyState.Slipped, SlipDays = 4, Reason = "late", ChangedAt = Seed.Now }, Ct));
        Assert.Equal([change], await InSession(db, s => s.Dependencies.ListStateChangesAsync(a.Id, Ct)));
        Assert.True(change.Id > 0);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_weeks_snapshot_is_stored_once_and_read_back_as_posted(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db);
        var message = new ChatMessage("digest", "Apollo: at risk", [new HeaderBlock("Apollo"), new StatusBlock(StatusBadge.AtRisk, "At risk", "Payments → Checkout")]);
        var snapshot = new DigestSnapshot { ProgramId = w.ProgramId, WeekOf = W3, Status = StatusBadge.AtRisk, Message = message, CreatedAt = Seed.Now };

        Assert.True(await InSession(db, s => s.DigestSnapshots.TryAddAsync(snapshot, Ct)));
        Assert.False(await InSession(db, s => s.DigestSnapshots.TryAddAsync(snapshot with { Status = StatusBadge.OnTrack }, Ct)));
        Assert.True(await InSession(db, s => s.DigestSnapshots.TryAddAsync(snapshot with { WeekOf = W2 }, Ct)));

        var stored = await InSession(db, s => s.DigestSnapshots.FindAsync(w.ProgramId, W3, Ct));
        Assert.Equal((StatusBadge.AtRisk, MessageJson.Serialize(message), Seed.Now), (stored!.Status, MessageJson.Serialize(stored.Message), stored.CreatedAt));
        Assert.Equal([W3, W2], (await InSession(db, s => s.DigestSnapshots.ListAsync(w.ProgramId, 10, Ct))).Select(x => x.WeekOf));
        Assert.Null(await InSession(db, s => s.DigestSnapshots.FindAsync(w.OtherProgramId, W3, Ct)));
    }
}
