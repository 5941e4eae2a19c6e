using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Programs;

public sealed class ProgramStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_program_round_trips_with_digest_slot_status_override_and_note(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (program, tpm) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return (await Seed.ProgramAsync(s, "Apollo"), await Seed.PersonAsync(s, "U1"));
        });
        var changed = program with
        {
            DigestSlot = new WeeklySlot(DayOfWeek.Friday, new TimeOnly(16, 30), "America/New_York"),
            StatusOverride = new StatusOverride(CheckInStatus.AtRisk, "Vendor contract unsigned", tpm.Id, Seed.Now.AddHours(2)),
            StatusNote = new StatusNote("Legal escalated to the vendor's VP", tpm.Id, Seed.Now.AddHours(3)),
        };

        await InSession(db, s => s.Programs.UpdateAsync(changed, Ct));

        Assert.Equal(changed, await InSession(db, s => s.Programs.GetAsync(program.Id, Ct)));
        Assert.Equal(changed, await InSession(db, s => s.Programs.FindByNameAsync("slack:T1", "aPOLLO", Ct)));
        Assert.Null(await InSession(db, s => s.Programs.FindByNameAsync("slack:T2", "Apollo", Ct)));
        Assert.Equal([changed], await InSession(db, s => s.Programs.ListAsync("slack:T1", Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Program_names_are_unique_per_workspace_ignoring_case(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s, "slack:T1");
            await Seed.WorkspaceAsync(s, "slack:T2");
            await Seed.ProgramAsync(s, "Apollo", "slack:T1");
            await Seed.ProgramAsync(s, "Apollo", "slack:T2");
        });

        await Assert.ThrowsAsync<DuplicateEntityException>(() => InSession(db, s => Seed.ProgramAsync(s, "APOLLO", "slack:T1")));
        Assert.Single(await InSession(db, s => s.Programs.ListAsync("slack:T1", Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Roles_are_granted_once_and_revoked(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (program, ada, bob) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return (await Seed.ProgramAsync(s), await Seed.PersonAsync(s, "U1"), await Seed.PersonAsync(s, "U2"));
        });
        var tpm = new ProgramRole { ProgramId = program.Id, PersonId = ada.Id, Role = Role.Tpm };
        var viewer = new ProgramRole { ProgramId = program.Id, PersonId = bob.Id, Role = Role.Viewer };

        await InSession(db, async s =>
        {
            await s.Programs.GrantAsync(tpm, Ct);
            await s.Programs.GrantAsync(tpm, Ct);
            await s.Programs.GrantAsync(viewer, Ct);
        });
        Assert.Equal([tpm, viewer], await InSession(db, s => s.Programs.ListRolesAsync(program.Id, Ct)));

        await InSession(db, s => s.Programs.RevokeAsync(viewer, Ct));
        Assert.Equal([tpm], await InSession(db, s => s.Programs.ListRolesAsync(program.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_program_posts_to_several_channels_each_bound_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var program = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return await Seed.ProgramAsync(s);
        });

        var leadership = await InSession(db, s => s.Programs.AddChannelAsync(
            new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C1", DisplayName = "#leadership", CreatedAt = Seed.Now }, Ct));
        var apollo = await InSession(db, s => s.Programs.AddChannelAsync(
            new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C2", DisplayName = "#apollo", CreatedAt = Seed.Now }, Ct));
        await Assert.ThrowsAsync<DuplicateEntityException>(() => InSession(db, s => s.Programs.AddChannelAsync(
            new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C1", DisplayName = "#again", CreatedAt = Seed.Now }, Ct)));

        Assert.Equal([leadership, apollo], await InSession(db, s => s.Programs.ListChannelsAsync(program.Id, Ct)));
        Assert.True(await InSession(db, s => s.Programs.RemoveChannelAsync(program.Id, "slack:T1:C1", Ct)));
        Assert.False(await InSession(db, s => s.Programs.RemoveChannelAsync(program.Id, "slack:T1:C1", Ct)));
        Assert.Equal([apollo], await InSession(db, s => s.Programs.ListChannelsAsync(program.Id, Ct)));
    }
}
