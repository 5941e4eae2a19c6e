using System.Text.Json.Nodes;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests.SocketMode;

/// <summary>Socket Mode against the fake's WebSocket: same dispatch as HTTP, acks by envelope id, reconnect on disconnect.</summary>
public sealed class SocketModeTests
{
    private static async Task<JsonObject> NextAckAsync(FakeSlack slack)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await slack.SocketAcks.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Commands_forms_and_events_arrive_over_the_socket_and_each_envelope_is_acknowledged()
    {
        var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack: slack, extraArgs: ["--Slack:AppToken", FakeSlack.AppToken]);

        await slack.SocketOutbox.Writer.WriteAsync(new JsonObject
        {
            ["envelope_id"] = "env-1",
            ["type"] = "slash_commands",
            ["accepts_response_payload"] = true,
            ["payload"] = new JsonObject
            {
                ["team_id"] = FakeSlack.TeamId,
                ["user_id"] = "U100",
                ["user_name"] = "ada",
                ["channel_id"] = "C200",
                ["command"] = "/statusbot",
                ["text"] = "status Apollo",
                ["response_url"] = slack.ResponseUrl("s1"),
            },
        }, TestContext.Current.CancellationToken);

        var ack = await NextAckAsync(slack);
        Assert.Equal("env-1", ack["envelope_id"]!.ToString());
        await slack.WaitForResponseUrlPostAsync("s1");
        Assert.Equal("status Apollo", Assert.Single(host.Commands.Requests).Text);

        await slack.SocketOutbox.Writer.WriteAsync(new JsonObject
        {
            ["envelope_id"] = "env-2",
            ["type"] = "interactive",
            ["payload"] = new JsonObject
            {
                ["type"] = "view_submission",
                ["user"] = new JsonObject { ["id"] = "U100", ["team_id"] = FakeSlack.TeamId },
                ["view"] = new JsonObject { ["callback_id"] = "statusbot.form", ["private_metadata"] = "checkin:42", ["state"] = new JsonObject { ["values"] = new JsonObject() } },
            },
        }, TestContext.Current.CancellationToken);

        var formAck = await NextAckAsync(slack);
        Assert.Equal("env-2", formAck["envelope_id"]!.ToString());
        Assert.Equal("errors", formAck["payload"]!["response_action"]!.ToString());
        Assert.Equal("Pick a status.", formAck["payload"]!["errors"]!["status"]!.ToString());
    }

    [Fact]
    public async Task A_disconnect_warning_opens_the_new_connection_before_the_old_one_closes_and_events_keep_flowing()
    {
        var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack: slack, extraArgs: ["--Slack:AppToken", FakeSlack.AppToken]);

        await slack.SocketOutbox.Writer.WriteAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested" }, TestContext.Current.CancellationToken);
        await slack.SocketOutbox.Writer.WriteAsync(new JsonObject
        {
            ["envelope_id"] = "env-3",
            ["type"] = "events_api",
            ["retry_attempt"] = 0,
            ["payload"] = new JsonObject
            {
                ["type"] = "event_callback",
                ["team_id"] = FakeSlack.TeamId,
                ["event_id"] = "EvSock1",
                ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D300", ["user"] = "U100", ["text"] = "blocked on PCI review" },
            },
        }, TestContext.Current.CancellationToken);

        var ack = await NextAckAsync(slack);
        Assert.Equal("env-3", ack["envelope_id"]!.ToString());
        Assert.Equal(2, slack.SocketConnections);
        Assert.Equal(2, slack.MaxOpenSockets);
        Assert.Equal(2, slack.CallsTo("apps.connections.open").Count);
        await slack.WaitForCallsAsync("chat.postMessage");
        Assert.Equal("blocked on PCI review", Assert.Single(host.DirectMessages.Requests).Text);
    }
}
