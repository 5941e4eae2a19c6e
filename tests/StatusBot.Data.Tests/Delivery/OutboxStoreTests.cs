using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

public sealed class OutboxStoreTests : StoreTest
{
    private static OutboxMessage Prompt(string dedupKey, string text) => new()
    {
        WorkspaceId = "slack:T1",
        Destination = Destination.DirectMessage("slack:T1:U1"),
        Message = new ChatMessage("checkin.prompt", text, [
            new HeaderBlock("Weekly check-in: Payments"),
            new TextBlock($"Hi {InlineMarkup.Mention("slack:T1:U1", "Ada")}, how is it going?"),
            new ActionsBlock([new ButtonAction("Answer", "checkin.open", "42", ButtonStyle.Primary)]),
            new FormBlock("checkin:42", "Check-in", "Send", [
                new ChoiceInput("status", "Status", true, [new ChoiceOption("on_track", "On track")]),
                new TextInput("progress", "Progress", false, Multiline: true),
                new DateInput("dep:7:eta", "New ETA", false, new DateOnly(2027, 1, 2)),
                new CheckboxInput("dep:7:done", "Delivered", false),
            ]),
        ]),
        DedupKey = dedupKey,
        CreatedAt = Seed.Now,
        NextAttemptAt = Seed.Now,
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_queued_message_round_trips_with_its_blocks_and_is_queued_once_per_key(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var message = Prompt("prompt:cycle:42:person:1", "Time for your check-in");

        var first = await InSession(db, s => s.Outbox.EnqueueAsync(message, Ct));
        var again = await InSession(db, s => s.Outbox.EnqueueAsync(Prompt("prompt:cycle:42:person:1", "a different text"), Ct));
        var stored = await InSession(db, s => s.Outbox.FindByDedupKeyAsync("prompt:cycle:42:person:1", Ct));

        Assert.True(first);
        Assert.False(again);
        Assert.NotNull(stored);
        Assert.Equal("Time for your check-in", stored.Message.Summary);
        Assert.Equal(MessageJson.Serialize(message.Message), MessageJson.Serialize(stored.Message));
        Assert.Equal(message with { Id = stored.Id, Message = stored.Message }, stored);
        var byId = await InSession(db, s => s.Outbox.GetAsync(stored.Id, Ct));
        Assert.Equal(stored, byId! with { Message = stored.Message });
        Assert.Equal(MessageJson.Serialize(stored.Message), MessageJson.Serialize(byId.Message));
    }
}
