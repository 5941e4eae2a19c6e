using StatusBot.Core.Delivery;

namespace StatusBot.Core.Tests.Delivery;

public sealed class DestinationTests
{
    [Theory]
    [InlineData("slack:T1:U1", "slack:T1")]
    [InlineData("slack:T1:C123", "slack:T1")]
    [InlineData("teams:tenant-1:19:abc@thread.tacv2", "teams:tenant-1")]
    [InlineData("playground:alice", "playground")]
    [InlineData("playground:leadership", "playground")]
    public void The_workspace_of_an_address_is_read_from_its_front(string address, string workspace)
    {
        Assert.Equal(workspace, Destination.Channel(address).WorkspaceId);
    }
}
