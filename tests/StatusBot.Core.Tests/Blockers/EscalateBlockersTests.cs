using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Tests.Support;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Blockers;

public sealed class EscalateBlockersTests : StoreTest
{
    private static readonly DateOnly W1 = new(2026, 11, 9), W2 = new(2026, 11, 16), W3 = new(2026, 11, 23);

    // Payments has cycles in W1..W3; a blocker raised on W2's Tuesday; two TPMs.
    private static async Task<(long ProgramId, long BlockerId, long[] Tpms)> SeedAsync(TestDatabase db) => await InSession(db, async s =>
    {
        await Seed.WorkspaceAsync(s);
        var program = await Seed.ProgramAsync(s);
        var team = await Seed.TeamAsync(s, program.Id, "Payments");
        var engineer = await Seed.PersonAsync(s, "U-eng");
        var tpms = new[] { await Seed.PersonAsync(s, "U-tpm1"), await Seed.PersonAsync(s, "U-tpm2") };
        foreach (var tpm in tpms)
        {
            await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tpm.Id, Role = Role.Tpm }, Ct);
        }

        foreach (var week in new[] { W1, W2, W3 })
        {
            var opens = new DateTimeOffset(week.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            await s.CheckIns.OpenCycleAsync(new CheckInCycle { TeamId = team.Id, WeekOf = week, OpensAt = opens, RemindAt = opens.AddHours(20), ClosesAt = opens.AddHours(24) }, Ct);
        }

        var blocker = await s.Blockers.AddAsync(new Blocker { TeamId = team.Id, PersonId = engineer.Id, Text = "Waiting on PCI review", OpenedAt = new(2026, 11, 17, 10, 0, 0, TimeSpan.Zero) }, Ct);
        return (program.Id, blocker.Id, tpms.Select(t => t.Id).ToArray());
    });

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_blocker_open_for_two_cycles_is_escalated_to_each_tpm_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, blockerId, tpms) = await SeedAsync(db);
        var escalate = new EscalateBlockers(new FakeTimeProvider(Seed.Now), new BlockerOptions());

        Assert.Empty(await InSession(db, s => escalate.EscalateAsync(s, programId, W2, Ct)));
        var escalated = await InSession(db, s => escalate.EscalateAsync(s, programId, W3, Ct));
        await InSession(db, s => escalate.EscalateAsync(s, programId, W3, Ct));

        Assert.Equal((blockerId, 2, "Payments"), Assert.Single(escalated) is var e ? (e.Blocker.Id, e.CyclesOpen, e.TeamName) : default);
        Assert.Equal(
            [("slack:T1:U-tpm1", $"blocker:{blockerId}:escalated:person:{tpms[0]}"), ("slack:T1:U-tpm2", $"blocker:{blockerId}:escalated:person:{tpms[1]}")],
            await OutboxAsync(db));
        Assert.Equal(2, (await InSession(db, s => s.Blockers.GetAsync(blockerId, Ct)))!.CyclesOpen);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_escalation_threshold_is_configurable(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, _, _) = await SeedAsync(db);
        var escalate = new EscalateBlockers(new FakeTimeProvider(Seed.Now), new BlockerOptions { EscalateAfterCycles = 3 });

        Assert.Empty(await InSession(db, s => escalate.EscalateAsync(s, programId, W3, Ct)));
        Assert.Empty(await OutboxAsync(db));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_resolved_blocker_is_no_longer_escalated_and_an_ageing_pass_does_not_reopen_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, blockerId, tpms) = await SeedAsync(db);
        var escalate = new EscalateBlockers(new FakeTimeProvider(Seed.Now), new BlockerOptions());
        var stale = (await InSession(db, s => s.Blockers.GetAsync(blockerId, Ct)))!;

        var resolved = await InSession(db, s => s.Blockers.ResolveAsync(blockerId, tpms[0], "review passed", Seed.Now, Ct));
        var again = await InSession(db, s => s.Blockers.ResolveAsync(blockerId, tpms[1], null, Seed.Now.AddHours(1), Ct));
        await InSession(db, s => s.Blockers.UpdateAsync(stale with { CyclesOpen = 5 }, Ct));
        var escalated = await InSession(db, s => escalate.EscalateAsync(s, programId, W3, Ct));

        Assert.True(resolved);
        Assert.False(again);
        Assert.Empty(escalated);
        Assert.Empty(await OutboxAsync(db));
        var stored = (await InSession(db, s => s.Blockers.GetAsync(blockerId, Ct)))!;
        Assert.Equal((false, (long?)tpms[0], "review passed", (DateTimeOffset?)Seed.Now), (stored.IsOpen, stored.ResolvedByPersonId, stored.ResolutionNote, stored.ResolvedAt));
    }
}
