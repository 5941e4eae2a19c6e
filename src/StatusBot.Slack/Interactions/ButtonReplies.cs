using System.Globalization;
using System.Text;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;

namespace StatusBot.Slack.Interactions;

/// <summary>Replies the adapter itself words for buttons and message forms (the core's answers are passed through as they are).</summary>
internal static class ButtonReplies
{
    /// <summary>A form inside a message was refused: messages cannot show inline errors, so they come back as a reply listing them.</summary>
    public static ChatMessage ErrorsMessage(FormResult.Invalid invalid)
    {
        var text = new StringBuilder("Please fix these answers and submit again:");
        foreach (var (field, error) in invalid.Errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• **{field}**: {error}");
        }

        return new ChatMessage("form.errors", "Please fix your answers", [new TextBlock(text.ToString())]);
    }

    /// <summary>A short notice, e.g. that a modal could not be opened.</summary>
    public static ChatMessage Notice(string text) => new("slack.notice", text, [new TextBlock(text)]);
}
