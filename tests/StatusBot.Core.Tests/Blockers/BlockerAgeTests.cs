using StatusBot.Core.Blockers;

namespace StatusBot.Core.Tests.Blockers;

public sealed class BlockerAgeTests
{
    private static readonly DateOnly W1 = new(2026, 11, 9), W2 = new(2026, 11, 16), W3 = new(2026, 11, 23);

    private static Blocker Opened(DateTimeOffset at, int stored = 1) =>
        new() { TeamId = 1, PersonId = 1, Text = "Waiting on security review", OpenedAt = at, CyclesOpen = stored };

    [Fact]
    public void A_blocker_raised_this_week_is_one_cycle_old_new_and_not_escalated()
    {
        var blocker = Opened(new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)); // a Tuesday of W3
        var age = BlockerAge.CyclesOpen(blocker, [W1, W2, W3], W3);
        Assert.Equal(1, age);
        Assert.True(BlockerAge.IsNew(blocker, W3));
        Assert.False(BlockerAge.IsEscalated(age, new BlockerOptions()));
    }

    [Fact]
    public void A_blocker_carried_into_a_second_cycle_is_escalated_at_the_default_threshold()
    {
        var blocker = Opened(new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero));
        var age = BlockerAge.CyclesOpen(blocker, [W1, W2, W3], W3);
        Assert.Equal(2, age);
        Assert.False(BlockerAge.IsNew(blocker, W3));
        Assert.True(BlockerAge.IsEscalated(age, new BlockerOptions()));
        Assert.False(BlockerAge.IsEscalated(age, new BlockerOptions { EscalateAfterCycles = 3 }));
    }

    [Fact]
    public void A_skipped_week_does_not_make_a_blocker_younger_than_its_recorded_age()
    {
        var blocker = Opened(new(2026, 11, 9, 9, 0, 0, TimeSpan.Zero), stored: 3);
        Assert.Equal(3, BlockerAge.CyclesOpen(blocker, [W1, W3], W3));
    }

    [Fact]
    public void Monday_of_a_sunday_is_the_monday_before()
    {
        Assert.Equal(W3, BlockerAge.MondayOf(new(2026, 11, 29)));
        Assert.Equal(W3, BlockerAge.MondayOf(W3));
    }
}
