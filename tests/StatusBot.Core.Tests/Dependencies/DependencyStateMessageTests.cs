using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Dependencies;

public class DependencyStateMessageTests
{
    private static readonly Dictionary<long, Team> Teams = new()
    {
        [1] = new Team { Id = 1, ProgramId = 1, Name = "Payments", CreatedAt = Seed.Now },
        [2] = new Team { Id = 2, ProgramId = 1, Name = "Checkout", CreatedAt = Seed.Now },
    };

    private static readonly Dependency Refunds = new()
    {
        Id = 7, ProgramId = 1, ConsumerTeamId = 2, ProviderTeamId = 1, What = "Refund API", NeedBy = new DateOnly(2026, 12, 10),
        Eta = new DateOnly(2026, 12, 20), CreatedByPersonId = 1, CreatedAt = Seed.Now,
    };

    [Theory]
    [InlineData("ETA 2026-12-20 is 10 d after need-by", "Payments → Checkout · need-by 2026-12-10 · ETA 2026-12-20 is 10 d after need-by")]
    [InlineData("ETA moved from 2026-12-08 to 2026-12-20, 10 d after need-by", "Payments → Checkout · need-by 2026-12-10 · ETA moved from 2026-12-08 to 2026-12-20, 10 d after need-by")]
    [InlineData("provider team is off track", "Payments → Checkout · need-by 2026-12-10 · ETA 2026-12-20 · provider team is off track")]
    public void The_notice_names_the_ETA_once_whether_or_not_the_reason_tells_it(string reason, string expected)
    {
        var change = new DependencyStateChange { DependencyId = 7, FromState = DependencyState.OnTime, ToState = DependencyState.AtRisk, Reason = reason, ChangedAt = Seed.Now };

        var message = DependencyStateMessage.Build(Refunds, change, Teams, impact: null);

        Assert.Equal(expected, Assert.Single(message.Blocks.OfType<StatusBlock>()).Text);
    }
}
