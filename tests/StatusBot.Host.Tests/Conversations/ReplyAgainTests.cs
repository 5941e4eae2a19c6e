using StatusBot.Core.CheckIns;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Conversations;

/// <summary>Replying again to an answered check-in edits what the reply mentions and keeps the rest.</summary>
public sealed class ReplyAgainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_plain_status_or_a_progress_line_sent_again_keeps_what_the_reply_does_not_mention(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Export.ExportScenario.Week1, "tina");
        await world.AddPaymentsAsync("Apollo", "bob");
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");

        await world.AnswerAsync("bob", "on track\nprogress: ledger API done\nnext: refunds\nnote: out Friday");
        var statusOnly = ProgramWorld.Text(await world.AnswerAsync("bob", "off track"));
        var progressOnly = ProgramWorld.Text(await world.AnswerAsync("bob", "progress: ledger API and export done"));

        var answer = await world.ReadAsync(async s =>
        {
            var bob = await s.People.FindByIdentityAsync("playground:bob", Ct);
            var cycle = (await s.CheckIns.ListOpenCyclesAsync(Ct)).Single();
            return await s.CheckIns.GetAnswerAsync(cycle.Id, bob!.Id, Ct);
        });
        Assert.Contains("ledger API done", statusOnly, StringComparison.Ordinal);
        Assert.Contains("Updated (revision 2)", statusOnly, StringComparison.Ordinal);
        Assert.Equal(
            (CheckInStatus.OffTrack, "ledger API and export done", "refunds", "out Friday", 3),
            (answer!.Status, answer.Progress, answer.Next, answer.Note, answer.Revision));
        Assert.Contains("Updated (revision 3)", progressOnly, StringComparison.Ordinal);
        var audit = (await world.ReadAsync(s => s.Audit.ListAsync("playground", null, null, 20, Ct)))
            .Where(e => e.Action == "check-in answer").OrderBy(e => e.Id).Select(e => (e.Before, e.After)).ToList();
        Assert.Equal([(null, "on track"), ("on track", "off track"), ("off track", "off track")], audit);
    }
}
