using StatusBot.Core.CheckIns;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Tests.CheckIns;

public sealed class PromptTemplateTests
{
    private static readonly CheckInCycle Cycle = new()
    {
        Id = 42,
        TeamId = 7,
        WeekOf = new DateOnly(2026, 11, 23),
        OpensAt = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        RemindAt = new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero),
        ClosesAt = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData("U1", "Ada")]
    [InlineData("U2", "Zoë \"Z\" <b>&amp; \\ 😀 |}{")]
    [InlineData("U3", "statusbot-prompt-placeholder-5d1c")]
    [InlineData("U4", "Line\nbreak\ttab")]
    public void A_personalised_prompt_is_the_text_serializing_the_members_own_prompt_gives(string identity, string name)
    {
        var team = new Team { Id = 7, ProgramId = 1, Name = "Payments & <Co>", CreatedAt = Cycle.OpensAt };
        var form = CheckInMessages.Form(Cycle, team, []);
        var template = new PromptTemplate(p => CheckInMessages.Prompt(Cycle, team, p, "Europe/Berlin", form));
        var person = new Person { Id = 5, WorkspaceId = "W", Identity = identity, DisplayName = name, TimeZone = "UTC" };

        var own = CheckInMessages.Prompt(Cycle, team, person, "Europe/Berlin", form);
        Assert.Equal(MessageJson.SerializeCompact(own), template.Serialize(person));
        Assert.Equal(MessageJson.Serialize(own), MessageJson.Serialize(MessageJson.Deserialize(template.Serialize(person))));
    }

    [Fact]
    public void A_team_name_containing_the_placeholder_still_gives_each_members_own_prompt()
    {
        var team = new Team { Id = 7, ProgramId = 1, Name = "@{statusbot-prompt-placeholder-5d1c|statusbot-prompt-placeholder-5d1c}", CreatedAt = Cycle.OpensAt };
        var form = CheckInMessages.Form(Cycle, team, []);
        var template = new PromptTemplate(p => CheckInMessages.Prompt(Cycle, team, p, "UTC", form));
        var person = new Person { Id = 5, WorkspaceId = "W", Identity = "U9", DisplayName = "Bo", TimeZone = "UTC" };

        var own = CheckInMessages.Prompt(Cycle, team, person, "UTC", form);
        Assert.Equal(MessageJson.SerializeCompact(own), template.Serialize(person));
        Assert.Equal(MessageJson.Serialize(own), MessageJson.Serialize(MessageJson.Deserialize(template.Serialize(person))));
    }
}
