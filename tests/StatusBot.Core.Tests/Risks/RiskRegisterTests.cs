using StatusBot.Core.Decisions;
using StatusBot.Core.Risks;

namespace StatusBot.Core.Tests.Risks;

public sealed class RiskRegisterTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Risk R(long id, int p, int i, DateOnly? review = null, RiskState state = RiskState.Open) =>
        new() { Id = id, ProgramId = 1, Title = $"risk {id}", Probability = p, Impact = i, ReviewDate = review, State = state };

    [Fact]
    public void Open_risks_rank_by_probability_times_impact_and_overdue_reviews_are_flagged()
    {
        var ranked = RiskRegister.Rank(
            [R(1, 2, 3), R(2, 4, 5, review: new(2026, 11, 22)), R(3, 5, 5, state: RiskState.Closed), R(4, 3, 2, review: Today), R(5, 5, 4, review: new(2026, 12, 1))],
            Today);

        // Scores: 2→20 (review yesterday: overdue), 5→20 (later review), 1→6, 4→6 (review today: not overdue); 3 is closed.
        Assert.Equal([(2L, 20, true), (5L, 20, false), (4L, 6, false), (1L, 6, false)], ranked.Select(r => (r.Risk.Id, r.Score, r.ReviewOverdue)));
    }

    [Fact]
    public void Decisions_of_the_week_run_from_monday_to_the_next_monday()
    {
        Decision D(long id, DateTimeOffset at) => new() { Id = id, ProgramId = 1, Text = $"d{id}", DecidedByPersonId = 1, DecidedAt = at };
        var week = DecisionLog.OfWeek(
            [
                D(1, new(2026, 11, 22, 23, 59, 0, TimeSpan.Zero)),
                D(2, new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)),
                D(3, new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)),
                D(4, new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)),
            ],
            Today);
        Assert.Equal([3L, 2L], week.Select(d => d.Id));
    }
}
