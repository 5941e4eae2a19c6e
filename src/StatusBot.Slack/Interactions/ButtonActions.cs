using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.Replies;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Interactions;

/// <summary>The background half of a button press: ask the core, then reply, open a modal, or do nothing.</summary>
internal sealed class ButtonActions(IServiceProvider services, string teamId, string userId, string? responseUrl, string? triggerId)
{
    public async Task PressAsync(ButtonPress press, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<IInteractionHandler>().PressAsync(press, cancellationToken);
        switch (result)
        {
            case ButtonResult.Reply reply:
                await ReplyAsync(reply.Message, cancellationToken);
                break;
            case ButtonResult.OpenForm open when triggerId is not null:
                await services.GetRequiredService<SlackApiClient>().OpenViewAsync(teamId, triggerId, ModalRenderer.Render(open.Form), cancellationToken);
                break;
        }
    }

    /// <summary>A form inside a message was submitted: messages cannot show inline errors, so they come back as a reply listing them.</summary>
    public async Task SubmitAsync(FormSubmission submission, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<IInteractionHandler>().SubmitAsync(submission, cancellationToken);
        var message = result switch
        {
            FormResult.Accepted accepted => accepted.Confirmation,
            FormResult.Invalid invalid => ErrorsMessage(invalid),
            _ => null,
        };
        if (message is not null)
        {
            await ReplyAsync(message, cancellationToken);
        }
    }

    private Task ReplyAsync(ChatMessage message, CancellationToken cancellationToken) =>
        responseUrl is not null
            ? services.GetRequiredService<SlackReplies>().RespondAsync(responseUrl, message, cancellationToken)
            : services.GetRequiredService<SlackReplies>().SendDirectAsync(teamId, userId, message, cancellationToken);

    private static ChatMessage ErrorsMessage(FormResult.Invalid invalid)
    {
        var text = new StringBuilder("Please fix these answers and submit again:");
        foreach (var (field, error) in invalid.Errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• **{field}**: {error}");
        }

        return new ChatMessage("form.errors", "Please fix your answers", [new TextBlock(text.ToString())]);
    }
}
