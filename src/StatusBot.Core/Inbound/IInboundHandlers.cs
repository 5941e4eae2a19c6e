using StatusBot.Core.Messages;

namespace StatusBot.Core.Inbound;

/// <summary>The one command layer every platform feeds: parses, authorizes, runs, and replies (to the caller only).</summary>
public interface ICommandHandler
{
    Task<ChatMessage> HandleAsync(CommandRequest request, CancellationToken cancellationToken);
}

/// <summary>Direct-message text: conversational check-in answers. Returns the reply, or null when there is nothing to say.</summary>
public interface IDirectMessageHandler
{
    Task<ChatMessage?> HandleAsync(DirectMessageRequest request, CancellationToken cancellationToken);
}

/// <summary>Buttons and forms of core messages.</summary>
public interface IInteractionHandler
{
    Task<ButtonResult> PressAsync(ButtonPress press, CancellationToken cancellationToken);

    Task<FormResult> SubmitAsync(FormSubmission submission, CancellationToken cancellationToken);
}
