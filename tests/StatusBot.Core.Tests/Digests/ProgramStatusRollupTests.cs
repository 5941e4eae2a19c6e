using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Tests.Digests;

public sealed class ProgramStatusRollupTests
{
    // Teams 1 Checkout, 2 Payments, 3 Search. Dependency 1 "Refund API" Payments → Checkout is on the critical path;
    // dependency 2 "Search index" Search → Checkout is not.
    private static readonly Team[] Teams =
    [
        new() { Id = 1, ProgramId = 1, Name = "Checkout" },
        new() { Id = 2, ProgramId = 1, Name = "Payments" },
        new() { Id = 3, ProgramId = 1, Name = "Search" },
    ];

    private static readonly HashSet<NodeRef> Critical = [NodeRef.Dependency(1), NodeRef.Milestone(10)];

    private static Dependency Dep(long id, string what, long provider, DependencyState state, int slip = 0) => new()
    {
        Id = id,
        ProgramId = 1,
        ConsumerTeamId = 1,
        ProviderTeamId = provider,
        What = what,
        NeedBy = new(2026, 12, 1),
        State = state,
        SlipDays = slip,
        CreatedByPersonId = 1,
    };

    private static RollupResult Roll(
        DependencyState refund = DependencyState.OnTime,
        DependencyState search = DependencyState.OnTime,
        Dictionary<long, CheckInStatus>? teams = null,
        StatusOverride? statusOverride = null,
        int slip = 0) =>
        ProgramStatusRollup.Evaluate(new RollupInput(
            Teams,
            teams ?? new() { [1] = CheckInStatus.OnTrack, [2] = CheckInStatus.OnTrack, [3] = CheckInStatus.OnTrack },
            [Dep(1, "Refund API", 2, refund, slip), Dep(2, "Search index", 3, search, slip)],
            Critical,
            statusOverride));

    [Fact]
    public void Everything_on_track_is_on_track()
    {
        var result = Roll();
        Assert.Equal((CheckInStatus.OnTrack, "3 of 3 teams reported on track and no dependency is late."), (result.Status, result.Reason));
    }

    [Fact]
    public void A_slipped_dependency_on_the_critical_path_is_off_track()
    {
        var result = Roll(refund: DependencyState.Slipped, slip: 6);
        Assert.Equal((CheckInStatus.OffTrack, "Refund API (Payments → Checkout) has slipped 6 d on the critical path."), (result.Status, result.Reason));
    }

    [Fact]
    public void A_slipped_dependency_off_the_critical_path_is_only_at_risk()
    {
        var result = Roll(search: DependencyState.Slipped, slip: 2);
        Assert.Equal((CheckInStatus.AtRisk, "Search index (Search → Checkout) has slipped 2 d."), (result.Status, result.Reason));
    }

    [Fact]
    public void A_critical_team_off_track_is_off_track_a_non_critical_one_is_at_risk()
    {
        Assert.Equal(
            (CheckInStatus.OffTrack, "Payments is off track on the critical path."),
            Roll(teams: new() { [1] = CheckInStatus.OnTrack, [2] = CheckInStatus.OffTrack, [3] = CheckInStatus.OnTrack }) is var a ? (a.Status, a.Reason) : default);
        Assert.Equal(
            (CheckInStatus.AtRisk, "Search is off track."),
            Roll(teams: new() { [1] = CheckInStatus.OnTrack, [2] = CheckInStatus.OnTrack, [3] = CheckInStatus.OffTrack }) is var b ? (b.Status, b.Reason) : default);
    }

    [Fact]
    public void An_at_risk_dependency_or_team_is_at_risk_and_the_reason_counts_the_rest()
    {
        var result = Roll(refund: DependencyState.AtRisk, teams: new() { [1] = CheckInStatus.AtRisk, [2] = CheckInStatus.OnTrack, [3] = CheckInStatus.AtRisk });
        Assert.Equal((CheckInStatus.AtRisk, "Refund API (Payments → Checkout) is at risk (and 2 more issues)."), (result.Status, result.Reason));
    }

    [Fact]
    public void A_team_that_did_not_answer_does_not_count_as_on_track()
    {
        var result = Roll(teams: new() { [1] = CheckInStatus.OnTrack });
        Assert.Equal((CheckInStatus.OnTrack, "1 of 3 teams reported on track and no dependency is late."), (result.Status, result.Reason));
    }

    [Fact]
    public void A_tpm_override_wins_and_its_reason_is_shown_with_what_was_computed()
    {
        var result = Roll(refund: DependencyState.Slipped, slip: 6, statusOverride: new StatusOverride(CheckInStatus.AtRisk, "Refund API replan agreed with Payments", 7, DateTimeOffset.UnixEpoch));
        Assert.Equal((CheckInStatus.AtRisk, "Set by a TPM: Refund API replan agreed with Payments", CheckInStatus.OffTrack, true), (result.Status, result.Reason, result.Computed, result.Overridden));
    }
}
