using System.Collections.Concurrent;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;

namespace StatusBot.Slack.Tests.Fakes;

/// <summary>Stands in for the core's command layer: remembers each request and echoes its text and caller.</summary>
public sealed class EchoCommandHandler : ICommandHandler
{
    public ConcurrentQueue<CommandRequest> Requests { get; } = new();

    public async Task<ChatMessage> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (request.Text == "boom")
        {
            throw new InvalidOperationException("the core failed");
        }

        if (request.Text.StartsWith("slow", StringComparison.Ordinal))
        {
            // Longer than Slack's 3-second acknowledgement window.
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        }

        return new ChatMessage(
            "command.reply",
            $"You said {request.Text}",
            [new TextBlock($"You said **{request.Text}**, {InlineMarkup.Mention(request.Caller.Identity, request.Caller.DisplayName ?? "you")}")]);
    }
}

/// <summary>Stands in for the conversational check-in parser: counts and acknowledges each DM.</summary>
public sealed class RecordingDirectMessageHandler : IDirectMessageHandler
{
    public ConcurrentQueue<DirectMessageRequest> Requests { get; } = new();

    public Task<ChatMessage?> HandleAsync(DirectMessageRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult<ChatMessage?>(new ChatMessage("checkin.answered", "Thanks, noted", [new TextBlock($"Noted: {request.Text}")]));
    }
}

/// <summary>
/// Stands in for the check-in interactions: the <c>checkin.open</c> button opens <see cref="Form"/>; a submission
/// without a status is invalid; anything else is accepted.
/// </summary>
public sealed class ScriptedInteractionHandler : IInteractionHandler
{
    public static readonly FormBlock Form = new(
        "checkin:42",
        "Weekly check-in",
        "Send",
        [
            new ChoiceInput("status", "How is the team doing?", true, [new("on_track", "On track"), new("at_risk", "At risk"), new("off_track", "Off track")]),
            new TextInput("progress", "Progress", true, Multiline: true),
            new DateInput("dep:7:eta", "Payments API ETA", false, new DateOnly(2026, 12, 4)),
            new CheckboxInput("dep:7:delivered", "Payments API delivered", false),
        ]);

    public ConcurrentQueue<ButtonPress> Presses { get; } = new();
    public ConcurrentQueue<FormSubmission> Submissions { get; } = new();

    public Task<ButtonResult> PressAsync(ButtonPress press, CancellationToken cancellationToken)
    {
        Presses.Enqueue(press);
        ButtonResult result = press.ActionId == "checkin.open"
            ? new ButtonResult.OpenForm(Form)
            : new ButtonResult.Reply(new ChatMessage("button.reply", "Pressed", [new TextBlock($"Pressed {press.ActionId}={press.Value}")]));
        return Task.FromResult(result);
    }

    public Task<FormResult> SubmitAsync(FormSubmission submission, CancellationToken cancellationToken)
    {
        Submissions.Enqueue(submission);
        FormResult result = submission.Values.GetValueOrDefault("status") is null
            ? new FormResult.Invalid(new Dictionary<string, string> { ["status"] = "Pick a status." })
            : submission.Values.GetValueOrDefault("progress") == "closed"
            ? new FormResult.Invalid(new Dictionary<string, string> { ["cycle"] = "This check-in closed on Tuesday." })
            : new FormResult.Accepted(new ChatMessage("checkin.confirmation", "Check-in saved", [new TextBlock($"Saved: {submission.Values["status"]}")]));
        return Task.FromResult(result);
    }
}
