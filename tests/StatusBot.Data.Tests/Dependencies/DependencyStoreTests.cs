using StatusBot.Core.Dependencies;
using StatusBot.Core.Milestones;
using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Dependencies;

public sealed class DependencyStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_dependency_round_trips_with_milestone_graph_edge_and_eta_history(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, consumer, provider, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            return (program.Id, await Seed.TeamAsync(s, program.Id, "Checkout"), await Seed.TeamAsync(s, program.Id, "Payments"), await Seed.PersonAsync(s, "U1"));
        });
        var milestone = await InSession(db, s => s.Milestones.AddAsync(
            new Milestone { ProgramId = programId, Name = "Beta", DueDate = new(2027, 2, 1), CreatedAt = Seed.Now }, Ct));
        var upstream = await InSession(db, s => s.Dependencies.AddAsync(new Dependency
        {
            ProgramId = programId,
            ConsumerTeamId = consumer.Id,
            ProviderTeamId = provider.Id,
            What = "Refund API",
            NeedBy = new(2027, 1, 15),
            CreatedByPersonId = tpm.Id,
            CreatedAt = Seed.Now,
        }, Ct));
        var downstream = await InSession(db, s => s.Dependencies.AddAsync(new Dependency
        {
            ProgramId = programId,
            ConsumerTeamId = provider.Id,
            ProviderTeamId = consumer.Id,
            What = "Checkout UI",
            NeedBy = new(2027, 1, 25),
            Eta = new(2027, 1, 20),
            MilestoneId = milestone.Id,
            CreatedByPersonId = tpm.Id,
            CreatedAt = Seed.Now,
        }, Ct));

        var slipped = await InSession(db, async s =>
        {
            var stored = await s.Dependencies.UpdateAsync(upstream with { Eta = new(2027, 1, 22), State = DependencyState.Slipped, SlipDays = 7, FeedsDependencyId = downstream.Id }, Ct);
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = upstream.Id, FromEta = null, ToEta = new(2027, 1, 10), ChangedByPersonId = tpm.Id, ChangedAt = Seed.Now }, Ct);
            await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = upstream.Id, FromEta = new(2027, 1, 10), ToEta = new(2027, 1, 22), ChangedByPersonId = tpm.Id, ChangedAt = Seed.Now.AddDays(7) }, Ct);
            return stored;
        });

        Assert.Equal(upstream.Version + 1, slipped.Version);

        Assert.Equal(slipped, await InSession(db, s => s.Dependencies.GetAsync(upstream.Id, Ct)));
        Assert.Equal([slipped, downstream], await InSession(db, s => s.Dependencies.ListAsync(programId, Ct)));
        Assert.Equal([milestone], await InSession(db, s => s.Milestones.ListAsync(programId, Ct)));
        Assert.Equal(milestone, await InSession(db, s => s.Milestones.GetAsync(milestone.Id, Ct)));
        var history = await InSession(db, s => s.Dependencies.ListEtaChangesAsync(upstream.Id, Ct));
        Assert.Equal([null, new DateOnly(2027, 1, 10)], history.Select(h => h.FromEta));
        Assert.Equal([new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 22)], history.Select(h => h.ToEta));
        Assert.Equal(Seed.Now.AddDays(7), history[1].ChangedAt);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_update_from_a_stale_read_is_refused_and_the_newer_write_stays(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var read = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var consumer = await Seed.TeamAsync(s, program.Id, "Checkout");
            var provider = await Seed.TeamAsync(s, program.Id, "Payments");
            var tpm = await Seed.PersonAsync(s, "UTPM");
            return await s.Dependencies.AddAsync(
                new Dependency { ProgramId = program.Id, ConsumerTeamId = consumer.Id, ProviderTeamId = provider.Id, What = "Refund API", NeedBy = new(2027, 1, 15), CreatedByPersonId = tpm.Id, CreatedAt = Seed.Now },
                Ct);
        });

        await InSession(db, s => s.Dependencies.UpdateAsync(read with { DeliveredAt = Seed.Now, State = DependencyState.Delivered }, Ct));
        var stale = () => InSession(db, s => s.Dependencies.UpdateAsync(read with { Eta = new(2027, 1, 20), State = DependencyState.AtRisk }, Ct));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(stale);
        var stored = (await InSession(db, s => s.Dependencies.GetAsync(read.Id, Ct)))!;
        Assert.Equal((DependencyState.Delivered, (DateOnly?)null, 2L), (stored.State, stored.Eta, stored.Version));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Chain_links_are_rows_one_upstream_feeding_several_and_stored_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, a, b, c, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var consumer = await Seed.TeamAsync(s, program.Id, "Checkout");
            var provider = await Seed.TeamAsync(s, program.Id, "Payments");
            var person = await Seed.PersonAsync(s, "U1");
            Dependency New(string what) => new() { ProgramId = program.Id, ConsumerTeamId = consumer.Id, ProviderTeamId = provider.Id, What = what, NeedBy = new(2027, 1, 15), CreatedByPersonId = person.Id, CreatedAt = Seed.Now };
            return (program.Id, await s.Dependencies.AddAsync(New("Ledger export"), Ct), await s.Dependencies.AddAsync(New("Refund API"), Ct), await s.Dependencies.AddAsync(New("Payouts"), Ct), person);
        });
        DependencyLink Link(Dependency up, Dependency down) => new() { UpstreamId = up.Id, DownstreamId = down.Id, CreatedByPersonId = tpm.Id, CreatedAt = Seed.Now };

        var added = await InSession(db, async s => (await s.Dependencies.AddLinkAsync(Link(a, b), Ct), await s.Dependencies.AddLinkAsync(Link(a, c), Ct), await s.Dependencies.AddLinkAsync(Link(a, b), Ct)));

        Assert.Equal((true, true, false), added);
        Assert.Equal([Link(a, b), Link(a, c)], await InSession(db, s => s.Dependencies.ListLinksAsync(programId, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_milestone_keeps_its_first_date_and_every_move(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return ((await Seed.ProgramAsync(s)).Id, await Seed.PersonAsync(s, "U1"));
        });
        var beta = await InSession(db, s => s.Milestones.AddAsync(new Milestone { ProgramId = programId, Name = "Beta", DueDate = new(2027, 2, 1), CreatedAt = Seed.Now }, Ct));

        var moved = beta with { DueDate = new(2027, 2, 15), ReachedAt = Seed.Now.AddDays(80) };
        await InSession(db, async s =>
        {
            await s.Milestones.AddDateChangeAsync(new MilestoneDateChange { MilestoneId = beta.Id, FromDate = new(2027, 2, 1), ToDate = new(2027, 2, 15), ChangedByPersonId = tpm.Id, ChangedAt = Seed.Now.AddDays(7) }, Ct);
            await s.Milestones.UpdateAsync(moved, Ct);
        });

        Assert.Equal(new DateOnly(2027, 2, 1), beta.OriginalDueDate);
        Assert.Equal(moved, await InSession(db, s => s.Milestones.GetAsync(beta.Id, Ct)));
        var change = Assert.Single(await InSession(db, s => s.Milestones.ListDateChangesAsync(beta.Id, Ct)));
        Assert.Equal((new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 15), tpm.Id, Seed.Now.AddDays(7)), (change.FromDate, change.ToDate, change.ChangedByPersonId, change.ChangedAt));
    }
}
