using StatusBot.MicrosoftTeams.Inbound;

namespace StatusBot.MicrosoftTeams.Tests.Inbound;

/// <summary>What a person types in the personal chat: a command, or a check-in answer for the conversation handler.</summary>
public sealed class PersonalChatTextTests
{
    [Theory]
    [InlineData("help", true)]
    [InlineData("me", true)]
    [InlineData("team members Payments <at>Ada</at>", true)]
    [InlineData("dep list Apollo", true)]
    [InlineData("dep eta 12 2027-01-04", true)]
    [InlineData("statusbot status", true)]
    [InlineData("/statusbot status", true)]
    [InlineData("", true)]
    [InlineData("on track\nprogress: shipped", false)]
    [InlineData("dep 12 eta 2027-01-04", false)]
    [InlineData("dep #12 done", false)]
    [InlineData("resolved: 12, 14", false)]
    [InlineData("at risk, the ledger is failing", false)]
    public void Text_starting_with_a_command_word_is_a_command_and_anything_else_an_answer(string text, bool command) =>
        Assert.Equal(command, ActivityDispatcher.IsCommand(text));

    [Theory]
    [InlineData("statusbot status", "status")]
    [InlineData("/StatusBot help team", "help team")]
    [InlineData("statusbot", "")]
    [InlineData("status", "status")]
    public void A_leading_bot_name_is_dropped_from_a_command(string text, string expected) =>
        Assert.Equal(expected, ActivityDispatcher.WithoutBotName(text));
}
