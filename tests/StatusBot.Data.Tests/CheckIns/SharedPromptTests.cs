using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Tests.Delivery;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

/// <summary>
/// A round stores a team's prompt once and each member's row only their mention: what members receive through the outbox
/// is still exactly their own prompt, and prompts queued whole (before shared bodies) still send.
/// </summary>
public sealed class SharedPromptTests : StoreTest
{
    private static readonly OutboxDrainerSettings Settings = OutboxDrainerTests.Settings;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Each_member_receives_exactly_their_own_prompt_including_one_with_a_blocker_of_their_own(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        // Dee's own open blocker is listed first in her form: her prompt differs from the team's beyond the mention.
        await w.InSession(s => s.Blockers.AddAsync(new Blocker { TeamId = w.Payments.Id, PersonId = w.Dee.Id, Text = "Waiting on the card network", OpenedAt = Seed.Now }, Ct));

        var cycle = (await w.OpenCycle.OpenManyAsync([new DueCheckIn(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule))], Ct))[0].Cycle!;
        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered("ts"));
        await Drain(db, w, platform);

        var owed = await w.InSession(s => s.Dependencies.ListProvidedByAsync(w.Payments.Id, Ct));
        var blockers = await w.InSession(s => s.Blockers.ListOpenAsync([w.Payments.Id], Ct));
        Assert.Equal(2, platform.Sent.Count);
        foreach (var person in new[] { w.Ada, w.Dee })
        {
            var expected = MessageJson.Serialize(CheckInMessages.Prompt(cycle, w.Payments, person, owed, w.PaymentsSchedule.TimeZone, blockers));
            Assert.Equal(expected, MessageJson.Serialize(platform.Sent.Single(sent => sent.Destination.Address == person.Identity).Message));
            var row = await w.InSession(s => s.Outbox.FindByDedupKeyAsync(PromptMembers.DedupKey(cycle.Id, person.Id), Ct));
            // A failed prompt is reported to the program's TPMs: the row still names the program.
            Assert.Equal((OutboxState.Delivered, w.Program.Id), (row!.State, row.ProgramId));
        }

        Assert.Contains("Waiting on the card network", MessageJson.Serialize(platform.Sent.Single(sent => sent.Destination.Address == w.Dee.Identity).Message), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_prompt_stored_whole_before_shared_bodies_still_sends_next_to_a_shared_one(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var cycle = (await w.OpenCycle.OpenManyAsync([new DueCheckIn(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule))], Ct))[0].Cycle!;
        var owed = await w.InSession(s => s.Dependencies.ListProvidedByAsync(w.Payments.Id, Ct));
        // Last week's prompt to Ada, queued whole by the version before shared bodies and not sent yet (the host was down).
        var old = CheckInMessages.Prompt(cycle with { Id = cycle.Id + 1000 }, w.Payments, w.Ada, owed, w.PaymentsSchedule.TimeZone);
        await w.InSession(s => s.Outbox.EnqueueAsync(
            OutboxMessage.DirectMessageTo(w.Ada.Identity, old, PromptMembers.DedupKey(cycle.Id + 1000, w.Ada.Id), w.Program.Id, w.Time.GetUtcNow()), Ct));

        var platform = new ScriptedPlatform(ChatPlatform.Slack, _ => DeliveryResult.Delivered("ts"));
        await Drain(db, w, platform);

        var toAda = platform.Sent.Where(sent => sent.Destination.Address == w.Ada.Identity).Select(sent => MessageJson.Serialize(sent.Message)).ToList();
        Assert.Equal(2, toAda.Count);
        Assert.Contains(MessageJson.Serialize(old), toAda);
        Assert.Contains(MessageJson.Serialize(CheckInMessages.Prompt(cycle, w.Payments, w.Ada, owed, w.PaymentsSchedule.TimeZone)), toAda);
        Assert.Equal(3, platform.Sent.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_fresh_cycle_whose_prompt_key_is_taken_fails_and_nothing_of_it_is_kept(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await CheckInWorld.CreateAsync(db);
        var payments = (await w.OpenCycle.OpenManyAsync([new DueCheckIn(w.PaymentsSchedule, CheckInWorld.Slot(w.PaymentsSchedule))], Ct))[0].Cycle!;
        // Something else took the dedup key the Ledger cycle's prompt to Lee will have (the next cycle id).
        var taken = PromptMembers.DedupKey(payments.Id + 1, w.Lee.Id);
        await w.InSession(s => s.Outbox.EnqueueAsync(
            OutboxMessage.DirectMessageTo(w.Lee.Identity, new ChatMessage("test", "taken", [new TextBlock("taken")]), taken, null, w.Time.GetUtcNow()), Ct));

        // Prompts of a fresh cycle are written in bulk without a per-row duplicate check: the taken key fails the whole team.
        await Assert.ThrowsAsync<DuplicateEntityException>(() => w.OpenCycle.OpenAsync(w.LedgerSchedule, CheckInWorld.Slot(w.LedgerSchedule), Ct));

        Assert.Null(await w.InSession(s => s.CheckIns.FindCycleAsync(w.Ledger.Id, CheckInWorld.Week, Ct)));
        Assert.Equal("taken", (await w.InSession(s => s.Outbox.FindByDedupKeyAsync(taken, Ct)))!.Message.Summary);
    }

    private static async Task Drain(TestDatabase db, CheckInWorld w, ScriptedPlatform platform)
    {
        var drainer = new OutboxDrainer(db.Store, [platform], Settings, w.Time, new FixedRandom(0.5));
        while (!(await drainer.DrainOnceAsync(Ct)).Idle)
        {
        }
    }
}
