using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Core.Tests.Support;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Dependencies;

public sealed class EvaluateDependenciesTests : StoreTest
{
    private sealed record World(long ProgramId, long DependencyId, long ProviderTeamId, long ProviderLeadId);

    // Payments (lead U-pay, member U-eng) provides "Refund API" to Checkout (lead U-chk), need-by 2026-12-01; TPM U-tpm.
    private static async Task<World> SeedAsync(TestDatabase db, DateOnly needBy, DateOnly? eta = null) =>
        await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var checkout = await Seed.TeamAsync(s, program.Id, "Checkout");
            var payments = await Seed.TeamAsync(s, program.Id, "Payments");
            var payLead = await Seed.PersonAsync(s, "U-pay");
            var engineer = await Seed.PersonAsync(s, "U-eng");
            var checkoutLead = await Seed.PersonAsync(s, "U-chk");
            var tpm = await Seed.PersonAsync(s, "U-tpm");
            await s.Teams.AddMemberAsync(new TeamMembership { TeamId = payments.Id, PersonId = payLead.Id, IsLead = true, JoinedAt = Seed.Now }, Ct);
            await s.Teams.AddMemberAsync(new TeamMembership { TeamId = payments.Id, PersonId = engineer.Id, JoinedAt = Seed.Now }, Ct);
            await s.Teams.AddMemberAsync(new TeamMembership { TeamId = checkout.Id, PersonId = checkoutLead.Id, IsLead = true, JoinedAt = Seed.Now }, Ct);
            await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tpm.Id, Role = Role.Tpm }, Ct);
            var dependency = await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = checkout.Id,
                ProviderTeamId = payments.Id,
                What = "Refund API",
                NeedBy = needBy,
                Eta = eta,
                CreatedByPersonId = tpm.Id,
                CreatedAt = Seed.Now,
            }, Ct);
            return new World(program.Id, dependency.Id, payments.Id, payLead.Id);
        });

    private static EvaluateDependencies Evaluator(TestDatabase db, FakeTimeProvider time) => new(db.Store, time, new SlipRuleOptions());

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Slipped_dependency_notifies_both_leads_and_the_tpm_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var world = await SeedAsync(db, needBy: new(2026, 11, 20), eta: new(2026, 11, 19));
        var time = new FakeTimeProvider(Seed.Now); // 2026-11-23: three days past need-by

        var changes = await Evaluator(db, time).EvaluateAsync(world.ProgramId, Ct);

        var change = Assert.Single(changes);
        Assert.Equal((DependencyState.OnTime, DependencyState.Slipped, 3), (change.FromState, change.ToState, change.SlipDays));
        var stored = await InSession(db, s => s.Dependencies.GetAsync(world.DependencyId, Ct));
        Assert.Equal((DependencyState.Slipped, 3), (stored!.State, stored.SlipDays));
        var outbox = await OutboxAsync(db);
        Assert.Equal(["slack:T1:U-chk", "slack:T1:U-pay", "slack:T1:U-tpm"], outbox.Select(o => o.Address).Order());
        Assert.All(outbox, o => Assert.StartsWith($"dependency:{world.DependencyId}:state:Slipped:version:{change.DependencyVersion}:", o.DedupKey, StringComparison.Ordinal));
        var message = await InSession(db, s => s.Outbox.FindByDedupKeyAsync(outbox[0].DedupKey, Ct));
        Assert.Equal("dependency.state", message!.Message.Kind);
        Assert.Equal("Refund API has slipped by 3 d (Payments → Checkout)", message.Message.Summary);

        // The next day the slip grows to 4 d: stored, but the state was announced already.
        time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await Evaluator(db, time).EvaluateAsync(world.ProgramId, Ct));
        Assert.Equal(4, (await InSession(db, s => s.Dependencies.GetAsync(world.DependencyId, Ct)))!.SlipDays);
        Assert.Equal(3, (await OutboxAsync(db)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_state_reached_again_after_recovering_is_announced_again_but_each_change_only_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var world = await SeedAsync(db, needBy: new(2026, 12, 15), eta: new(2026, 12, 10));
        var time = new FakeTimeProvider(Seed.Now);
        var evaluator = Evaluator(db, time);
        Assert.Empty(await evaluator.EvaluateAsync(world.ProgramId, Ct));

        async Task MoveEta(DateOnly from, DateOnly to) => await InSession(db, async s =>
        {
            var d = (await s.Dependencies.GetAsync(world.DependencyId, Ct))!;
            await s.Dependencies.UpdateAsync(d with { Eta = to }, Ct);
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = d.Id, FromEta = from, ToEta = to, ChangedByPersonId = world.ProviderLeadId, ChangedAt = time.GetUtcNow() }, Ct);
        });

        await MoveEta(new(2026, 12, 10), new(2026, 12, 22));
        var slipped = Assert.Single(await evaluator.EvaluateAsync(world.ProgramId, Ct));
        Assert.Equal((DependencyState.Slipped, 7), (slipped.ToState, slipped.SlipDays));
        await MoveEta(new(2026, 12, 22), new(2026, 12, 14));
        Assert.Equal(DependencyState.OnTime, Assert.Single(await evaluator.EvaluateAsync(world.ProgramId, Ct)).ToState);
        await MoveEta(new(2026, 12, 14), new(2026, 12, 20));
        var again = Assert.Single(await evaluator.EvaluateAsync(world.ProgramId, Ct));
        Assert.Empty(await evaluator.EvaluateAsync(world.ProgramId, Ct));

        var keys = (await OutboxAsync(db)).Select(o => o.DedupKey).ToList();
        Assert.Equal(9, keys.Count); // three changes × three recipients
        Assert.Equal(3, keys.Count(k => k.Contains($":version:{again.DependencyVersion}:", StringComparison.Ordinal)));
        Assert.Equal(
            [DependencyState.Slipped, DependencyState.OnTime, DependencyState.Slipped],
            (await InSession(db, s => s.Dependencies.ListStateChangesAsync(world.DependencyId, Ct))).Select(c => c.ToState));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Provider_team_reporting_off_track_puts_its_dependency_at_risk(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var world = await SeedAsync(db, needBy: new(2027, 1, 15), eta: new(2027, 1, 10));
        await InSession(db, async s =>
        {
            var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle
            {
                TeamId = world.ProviderTeamId,
                WeekOf = new(2026, 11, 23),
                OpensAt = Seed.Now,
                RemindAt = Seed.Now.AddHours(20),
                ClosesAt = Seed.Now.AddHours(24),
            }, Ct);
            await s.CheckIns.SaveAnswerAsync(new Answer { CycleId = cycle.Id, PersonId = world.ProviderLeadId, Status = CheckInStatus.OffTrack, SubmittedAt = Seed.Now }, Ct);
        });

        var change = Assert.Single(await Evaluator(db, new FakeTimeProvider(Seed.Now)).EvaluateAsync(world.ProgramId, Ct));

        Assert.Equal((DependencyState.AtRisk, "provider team is off track"), (change.ToState, change.Reason));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task After_an_answer_only_the_answering_teams_dependencies_are_evaluated(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var world = await SeedAsync(db, needBy: new(2027, 1, 15), eta: new(2027, 1, 10));
        var other = await InSession(db, async s =>
        {
            var checkout = (await s.Teams.FindByNameAsync(world.ProgramId, "Checkout", Ct))!;
            var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle
            {
                TeamId = world.ProviderTeamId,
                WeekOf = new(2026, 11, 23),
                OpensAt = Seed.Now,
                RemindAt = Seed.Now.AddHours(20),
                ClosesAt = Seed.Now.AddHours(24),
            }, Ct);
            await s.CheckIns.SaveAnswerAsync(new Answer { CycleId = cycle.Id, PersonId = world.ProviderLeadId, Status = CheckInStatus.OffTrack, SubmittedAt = Seed.Now }, Ct);

            // Checkout owes something already overdue: a full scan would slip it, Payments' answer must not touch it.
            return await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = world.ProgramId,
                ConsumerTeamId = world.ProviderTeamId,
                ProviderTeamId = checkout.Id,
                What = "Checkout events",
                NeedBy = new(2026, 11, 1),
                CreatedByPersonId = world.ProviderLeadId,
                CreatedAt = Seed.Now,
            }, Ct);
        });

        var changes = await InSession(db, s => Evaluator(db, new FakeTimeProvider(Seed.Now)).EvaluateProvidedByAsync(s, world.ProviderTeamId, Ct));

        Assert.Equal([(world.DependencyId, DependencyState.AtRisk)], changes.Select(c => (c.DependencyId, c.ToState)));
        Assert.Equal(DependencyState.OnTime, (await InSession(db, s => s.Dependencies.GetAsync(other.Id, Ct)))!.State);
        Assert.Equal(3, (await OutboxAsync(db)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_unknown_program_is_refused_and_nothing_is_queued(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db, needBy: new(2026, 11, 20));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Evaluator(db, new FakeTimeProvider(Seed.Now)).EvaluateAsync(999, Ct));

        Assert.Contains("no program 999", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(db));
    }
}

public sealed class DependencyLinkGuardTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_stored_link_that_would_close_a_cycle_is_refused_naming_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (refund, checkout, web) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var a = await Seed.TeamAsync(s, program.Id, "Checkout");
            var b = await Seed.TeamAsync(s, program.Id, "Payments");
            var tpm = await Seed.PersonAsync(s, "U-tpm");
            Dependency New(string what, long? feeds = null) => new() { ProgramId = program.Id, ConsumerTeamId = a.Id, ProviderTeamId = b.Id, What = what, NeedBy = new(2026, 12, 1), FeedsDependencyId = feeds, CreatedByPersonId = tpm.Id, CreatedAt = Seed.Now };
            var web = await s.Dependencies.AddAsync(New("Web release"), Ct);
            var checkout = await s.Dependencies.AddAsync(New("Checkout UI", web.Id), Ct);
            var refund = await s.Dependencies.AddAsync(New("Refund API", checkout.Id), Ct);
            return (refund.Id, checkout.Id, web.Id);
        });

        var refused = await Assert.ThrowsAsync<DependencyCycleException>(() => InSession(db, s => DependencyLinkGuard.EnsureCanFeedAsync(s, web, refund, Ct)));

        Assert.Equal("Web release → Refund API → Checkout UI → Web release", refused.Cycle);
        await InSession(db, s => DependencyLinkGuard.EnsureCanFeedAsync(s, refund, web, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => InSession(db, s => DependencyLinkGuard.EnsureCanFeedAsync(s, checkout, 999, Ct)));
    }
}
