using System.Net;
using System.Text.Json.Nodes;
using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests.Interactions;

public sealed class InteractionTests
{
    private static JsonObject User => new() { ["id"] = "U100", ["username"] = "ada", ["name"] = "ada", ["team_id"] = FakeSlack.TeamId };

    private static JsonObject Submission(string? status, string progress = "Shipped the importer") => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId, ["domain"] = "acme" },
        ["user"] = User,
        ["api_app_id"] = "A0001",
        ["view"] = new JsonObject
        {
            ["id"] = "V1",
            ["type"] = "modal",
            ["callback_id"] = "statusbot.form",
            ["private_metadata"] = "checkin:42",
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    ["status"] = new JsonObject
                    {
                        ["value"] = new JsonObject
                        {
                            ["type"] = "radio_buttons",
                            ["selected_option"] = status is null ? null : new JsonObject { ["value"] = status, ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = status } },
                        },
                    },
                    ["progress"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = progress } },
                    ["dep:7:eta"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-12-11" } },
                    ["dep:7:delivered"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = new JsonArray() } },
                },
            },
        },
    };

    [Fact]
    public async Task View_submission_with_errors_returns_them_inline_under_the_field()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostInteractionAsync(Submission(status: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("errors", body["response_action"]!.ToString());
        Assert.Equal("Pick a status.", body["errors"]!["status"]!.ToString());
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Empty(host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task An_error_for_an_input_the_modal_does_not_have_is_shown_under_the_first_input_instead_of_breaking_the_answer()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostInteractionAsync(Submission("on_track", progress: "closed"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("errors", body["response_action"]!.ToString());
        Assert.Equal("This check-in closed on Tuesday.", body["errors"]!["status"]!.ToString());
        Assert.Single(body["errors"]!.AsObject());
    }

    [Fact]
    public async Task Valid_view_submission_hands_every_value_to_the_core_and_shows_the_confirmation_in_the_modal()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostInteractionAsync(Submission("at_risk"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("update", body["response_action"]!.ToString());
        Assert.Equal("modal", body["view"]!["type"]!.ToString());
        Assert.Equal("Saved: at_risk", body["view"]!["blocks"]![0]!["text"]!["text"]!.ToString());
        Assert.Null(body["view"]!["submit"]);
        var submission = Assert.Single(host.Interactions.Submissions);
        Assert.Equal("checkin:42", submission.FormId);
        Assert.Equal("slack:T0001:U100", submission.Caller.Identity);
        Assert.Equal("at_risk", submission.Values["status"]);
        Assert.Equal("Shipped the importer", submission.Values["progress"]);
        Assert.Equal("2026-12-11", submission.Values["dep:7:eta"]);
        Assert.Equal("false", submission.Values["dep:7:delivered"]);
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task Check_in_button_opens_the_modal_with_the_trigger_id()
    {
        await using var host = await SlackHost.StartAsync();
        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["user"] = User,
            ["trigger_id"] = "trigger-123",
            ["response_url"] = host.Slack.ResponseUrl("b1"),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "checkin.open", ["value"] = "cycle:42", ["block_id"] = "x" }),
        };

        using var response = await host.PostInteractionAsync(press);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = Assert.Single(await host.Slack.WaitForCallsAsync("views.open"));
        Assert.Equal("trigger-123", open.Arg("trigger_id"));
        var view = open.Body["view"]!;
        Assert.Equal("modal", view["type"]!.ToString());
        Assert.Equal("checkin:42", view["private_metadata"]!.ToString());
        Assert.Equal(["status", "progress", "dep:7:eta", "dep:7:delivered"], view["blocks"]!.AsArray().Select(b => b!["block_id"]!.ToString()));
        var pressed = Assert.Single(host.Interactions.Presses);
        Assert.Equal(("checkin.open", "cycle:42"), (pressed.ActionId, pressed.Value));
    }

    [Fact]
    public async Task Other_button_reply_goes_back_through_the_response_url_with_the_original_action_id()
    {
        await using var host = await SlackHost.StartAsync();
        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = User,
            ["trigger_id"] = "t",
            ["response_url"] = host.Slack.ResponseUrl("b2"),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "leave.skip#3", ["value"] = "week:48" }),
        };

        using var response = await host.PostInteractionAsync(press);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, reply) = await host.Slack.WaitForResponseUrlPostAsync("b2");
        Assert.Equal("Pressed leave.skip=week:48", reply["blocks"]![0]!["text"]!["text"]!.ToString());
    }

    [Theory]
    [InlineData("on_track", "Saved: on_track")]
    [InlineData(null, "Please fix these answers and submit again:\n• *status*: Pick a status.")]
    public async Task A_form_inside_a_message_submits_its_values_and_the_outcome_comes_back_as_a_reply(string? status, string expectedReply)
    {
        await using var host = await SlackHost.StartAsync();
        var values = Submission(status)["view"]!["state"]!.DeepClone();
        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = User,
            ["trigger_id"] = "t",
            ["response_url"] = host.Slack.ResponseUrl("f1"),
            ["state"] = values,
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "statusbot.form.submit", ["value"] = "checkin:42" }),
        };

        using var response = await host.PostInteractionAsync(press);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, reply) = await host.Slack.WaitForResponseUrlPostAsync("f1");
        Assert.Equal(expectedReply, reply["blocks"]![0]!["text"]!["text"]!.ToString());
        var submission = Assert.Single(host.Interactions.Submissions);
        Assert.Equal("checkin:42", submission.FormId);
        Assert.Equal("Shipped the importer", submission.Values["progress"]);
        Assert.Empty(host.Interactions.Presses);
    }

    [Fact]
    public async Task Unsigned_view_submission_is_refused_and_nothing_is_submitted()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostInteractionAsync(Submission("on_track"), Signature.WrongBody);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Interactions.Submissions);
    }

    [Fact]
    public async Task View_closed_is_acknowledged_without_touching_the_core()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostInteractionAsync(new JsonObject { ["type"] = "view_closed", ["user"] = User, ["view"] = new JsonObject { ["callback_id"] = "statusbot.form" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Interactions.Submissions);
        Assert.Empty(host.Interactions.Presses);
    }

    [Fact]
    public async Task Malformed_payload_is_a_400_not_a_500()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.PostSignedAsync("slack/interactions", "payload=%7Bnot-json", "application/x-www-form-urlencoded", Signature.Valid);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
