using StatusBot.Core.Commands;
using StatusBot.Core.Dependencies;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Every command that changes a dependency re-evaluates the program in the command's own transaction: the state
/// is right as soon as the reply is, and the TPM (Tess) is told of each change once. The seeded "refund API" is
/// owed by Payments to Checkout by 2026-12-15, with no ETA; today is 2026-11-23.
/// </summary>
public class DependencyEvaluationCommandTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_ETA_after_need_by_is_at_risk_at_once_and_moving_it_later_slips_it(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var first = await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-18");
        var atRisk = await world.ReadAsync(s => s.Dependencies.GetAsync(world.Dependency, default));
        var moved = await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-20");
        var slipped = await world.ReadAsync(s => s.Dependencies.GetAsync(world.Dependency, default));

        Assert.Equal(CommandReplies.ReplyKind, first.Kind);
        Assert.Contains("It is now **at risk**", VerbTable.Text(first), StringComparison.Ordinal);
        Assert.Equal(DependencyState.AtRisk, atRisk!.State);
        Assert.Contains("It is now **slipped**", VerbTable.Text(moved), StringComparison.Ordinal);
        Assert.Equal((DependencyState.Slipped, 5), (slipped!.State, slipped.SlipDays));
        var back = await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-14");
        Assert.Contains("It is now **on time**.", VerbTable.Text(back), StringComparison.Ordinal); // not "on time (on time)"
        var changes = await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(world.Dependency, default));
        Assert.Equal([DependencyState.AtRisk, DependencyState.Slipped, DependencyState.OnTime], changes.Select(c => c.ToState));
        foreach (var change in changes)
        {
            Assert.NotNull(await NoticeToTpmAsync(world, change));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_ETA_within_need_by_changes_no_state_and_says_nothing_about_it(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var reply = await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-14");

        Assert.DoesNotContain("It is now", VerbTable.Text(reply), StringComparison.Ordinal);
        Assert.Equal(DependencyState.OnTime, (await world.ReadAsync(s => s.Dependencies.GetAsync(world.Dependency, default)))!.State);
        Assert.Empty(await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(world.Dependency, default)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_dependency_added_days_before_need_by_without_an_ETA_is_at_risk_at_once(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var reply = await world.RunAsync(Tpm, "dep add Checkout needs \"ledger export\" from Payments by 2026-11-27");

        Assert.Contains("It is now **at risk** (no ETA, need-by in 4 d)", VerbTable.Text(reply), StringComparison.Ordinal);
        var added = (await world.ReadAsync(s => s.Dependencies.ListAsync(world.Apollo, default))).Single(d => d.What == "ledger export");
        Assert.Equal(DependencyState.AtRisk, added.State);
        Assert.NotNull(await NoticeToTpmAsync(world, Assert.Single(await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(added.Id, default)))));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Done_records_the_delivery_as_a_state_change_announced_once(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-18");

        var reply = await world.RunAsync(Member, $"dep done {world.Dependency}");
        var again = await world.RunAsync(Member, $"dep done {world.Dependency}");

        Assert.Equal(CommandReplies.ReplyKind, reply.Kind);
        Assert.Equal(CommandReplies.ErrorKind, again.Kind);
        var dependency = await world.ReadAsync(s => s.Dependencies.GetAsync(world.Dependency, default));
        Assert.Equal((DependencyState.Delivered, 0), (dependency!.State, dependency.SlipDays));
        var changes = await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(world.Dependency, default));
        Assert.Equal([DependencyState.AtRisk, DependencyState.Delivered], changes.Select(c => c.ToState));
        var notice = await NoticeToTpmAsync(world, changes[^1]);
        Assert.Contains("was delivered", notice!.Message.Summary, StringComparison.Ordinal);
    }

    private static async Task<Core.Delivery.OutboxMessage?> NoticeToTpmAsync(CommandWorld world, DependencyStateChange change)
    {
        var tess = await world.ReadAsync(s => s.People.FindByIdentityAsync(Tpm, default));
        return await world.ReadAsync(s => s.Outbox.FindByDedupKeyAsync(EvaluateDependencies.NoticeKey(change, tess!.Id), default));
    }
}
