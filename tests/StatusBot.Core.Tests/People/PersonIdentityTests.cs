using StatusBot.Core.People;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Tests.People;

public sealed class PersonIdentityTests
{
    [Theory]
    [InlineData("slack:T0001:U0001", ChatPlatform.Slack, "slack:T0001", "U0001")]
    [InlineData("teams:72f988bf-86f1-41af-91ab-2d7cd011db47:6b1c1a0e-3a5e-4b59-9a7b-2f1f6a1c9d10", ChatPlatform.Teams, "teams:72f988bf-86f1-41af-91ab-2d7cd011db47", "6b1c1a0e-3a5e-4b59-9a7b-2f1f6a1c9d10")]
    [InlineData("playground:alice", ChatPlatform.Playground, "playground", "alice")]
    public void Identities_parse_into_platform_workspace_and_user(string text, ChatPlatform platform, string workspace, string user)
    {
        var identity = PersonIdentity.Parse(text);

        Assert.Equal(platform, identity.Platform);
        Assert.Equal(workspace, identity.WorkspaceId);
        Assert.Equal(user, identity.UserId);
        Assert.Equal(text, identity.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("slack:T1")]
    [InlineData("slack::U1")]
    [InlineData("discord:G1:U1")]
    [InlineData("playground:")]
    public void Malformed_identities_are_refused_with_the_expected_forms(string text)
    {
        Assert.False(PersonIdentity.TryParse(text, out _, out var error));
        Assert.Contains("slack:<team>:<user>", error, StringComparison.Ordinal);
    }
}
