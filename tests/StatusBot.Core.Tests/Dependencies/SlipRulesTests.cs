using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;

namespace StatusBot.Core.Tests.Dependencies;

public sealed class SlipRulesTests
{
    private static readonly DateOnly NeedBy = new(2026, 12, 15);
    private static readonly SlipRuleOptions Options = new();

    private static Dependency Dep(DateOnly? eta = null, DependencyState state = DependencyState.OnTime, DateTimeOffset? deliveredAt = null) => new()
    {
        Id = 1,
        ProgramId = 1,
        ConsumerTeamId = 1,
        ProviderTeamId = 2,
        What = "Refund API",
        NeedBy = NeedBy,
        Eta = eta,
        State = state,
        DeliveredAt = deliveredAt,
        CreatedByPersonId = 1,
    };

    private static EtaChange Change(DateOnly? from, DateOnly? to) =>
        new() { DependencyId = 1, FromEta = from, ToEta = to, ChangedByPersonId = 1, ChangedAt = DateTimeOffset.UnixEpoch };

    private static DependencyEvaluation Eval(Dependency d, DateOnly today, EtaChange? last = null, CheckInStatus? provider = null, SlipRuleOptions? options = null) =>
        SlipRules.EvaluateDependency(d, last, provider, today, options ?? Options);

    [Fact]
    public void Delivered_wins_even_after_need_by()
    {
        var result = Eval(Dep(eta: new(2026, 12, 20), deliveredAt: DateTimeOffset.UnixEpoch), today: new(2026, 12, 30), provider: CheckInStatus.OffTrack);
        Assert.Equal((DependencyState.Delivered, 0), (result.State, result.SlipDays));
    }

    [Fact]
    public void Dropped_is_never_re_evaluated()
    {
        Assert.Equal(DependencyState.Dropped, Eval(Dep(state: DependencyState.Dropped), today: new(2026, 12, 30)).State);
    }

    [Fact]
    public void Eta_before_need_by_and_far_away_is_on_time()
    {
        var result = Eval(Dep(eta: new(2026, 12, 10)), today: new(2026, 12, 1));
        Assert.Equal((DependencyState.OnTime, 0), (result.State, result.SlipDays));
    }

    [Fact]
    public void On_the_need_by_day_itself_an_undelivered_dependency_has_not_slipped()
    {
        Assert.Equal(DependencyState.OnTime, Eval(Dep(eta: NeedBy), today: NeedBy).State);
    }

    [Fact]
    public void The_day_after_need_by_it_has_slipped_by_one_day()
    {
        var result = Eval(Dep(eta: NeedBy), today: new(2026, 12, 16));
        Assert.Equal((DependencyState.Slipped, 1), (result.State, result.SlipDays));
    }

    [Fact]
    public void Past_need_by_with_a_later_eta_slips_by_eta_minus_need_by()
    {
        // today 12-18 (3 d past), ETA 12-24 → projected 9 days late.
        var result = Eval(Dep(eta: new(2026, 12, 24)), today: new(2026, 12, 18));
        Assert.Equal((DependencyState.Slipped, 9), (result.State, result.SlipDays));
    }

    [Fact]
    public void Past_need_by_with_no_eta_slips_by_days_since_need_by()
    {
        var result = Eval(Dep(), today: new(2027, 1, 4));
        Assert.Equal((DependencyState.Slipped, 20), (result.State, result.SlipDays));
    }

    [Fact]
    public void Eta_moved_later_past_need_by_is_a_slip_of_eta_minus_need_by()
    {
        var result = Eval(Dep(eta: new(2026, 12, 22)), today: new(2026, 12, 1), last: Change(new(2026, 12, 12), new(2026, 12, 22)));
        Assert.Equal((DependencyState.Slipped, 7), (result.State, result.SlipDays));
    }

    [Fact]
    public void Eta_moved_later_but_still_within_need_by_is_on_time()
    {
        var result = Eval(Dep(eta: new(2026, 12, 15)), today: new(2026, 12, 1), last: Change(new(2026, 12, 10), new(2026, 12, 15)));
        Assert.Equal(DependencyState.OnTime, result.State);
    }

    [Fact]
    public void Eta_first_set_after_need_by_is_at_risk_not_slipped()
    {
        var result = Eval(Dep(eta: new(2026, 12, 18)), today: new(2026, 12, 1), last: Change(null, new(2026, 12, 18)));
        Assert.Equal((DependencyState.AtRisk, 0), (result.State, result.SlipDays));
    }

    [Fact]
    public void Eta_moved_earlier_but_still_after_need_by_is_at_risk()
    {
        var result = Eval(Dep(eta: new(2026, 12, 18)), today: new(2026, 12, 1), last: Change(new(2026, 12, 28), new(2026, 12, 18)));
        Assert.Equal(DependencyState.AtRisk, result.State);
    }

    [Fact]
    public void Provider_team_off_track_puts_an_on_time_dependency_at_risk()
    {
        Assert.Equal(DependencyState.AtRisk, Eval(Dep(eta: new(2026, 12, 10)), today: new(2026, 11, 1), provider: CheckInStatus.OffTrack).State);
        Assert.Equal(DependencyState.OnTime, Eval(Dep(eta: new(2026, 12, 10)), today: new(2026, 11, 1), provider: CheckInStatus.AtRisk).State);
    }

    [Fact]
    public void No_eta_exactly_seven_days_before_need_by_is_at_risk_eight_days_is_on_time()
    {
        Assert.Equal(DependencyState.AtRisk, Eval(Dep(), today: new(2026, 12, 8)).State);
        Assert.Equal(DependencyState.OnTime, Eval(Dep(), today: new(2026, 12, 7)).State);
    }

    [Fact]
    public void No_eta_on_the_need_by_day_is_at_risk()
    {
        Assert.Equal(DependencyState.AtRisk, Eval(Dep(), today: NeedBy).State);
    }

    [Fact]
    public void The_no_eta_window_is_configurable()
    {
        var options = new SlipRuleOptions { AtRiskWindowDays = 14 };
        Assert.Equal(DependencyState.AtRisk, Eval(Dep(), today: new(2026, 12, 1), options: options).State);
        Assert.Equal(DependencyState.OnTime, Eval(Dep(), today: new(2026, 11, 30), options: options).State);
    }

    [Fact]
    public void A_dependency_slipped_yesterday_recovers_when_the_eta_is_pulled_back_before_need_by()
    {
        var result = Eval(Dep(eta: new(2026, 12, 14), state: DependencyState.Slipped), today: new(2026, 12, 1), last: Change(new(2026, 12, 22), new(2026, 12, 14)));
        Assert.Equal((DependencyState.OnTime, 0), (result.State, result.SlipDays));
    }
}
