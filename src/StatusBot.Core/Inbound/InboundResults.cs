using StatusBot.Core.Messages;

namespace StatusBot.Core.Inbound;

/// <summary>What the adapter should do after a button press.</summary>
public abstract record ButtonResult
{
    /// <summary>Show this message to the person (replace or follow up, as the platform does best).</summary>
    public sealed record Reply(ChatMessage Message) : ButtonResult;

    /// <summary>Open this form (a Slack modal, a Teams task module, an inline HTML form).</summary>
    public sealed record OpenForm(FormBlock Form) : ButtonResult;

    /// <summary>Nothing to show.</summary>
    public sealed record None : ButtonResult;
}

/// <summary>The outcome of a form submission: accepted with a confirmation, or field errors to show inline.</summary>
public abstract record FormResult
{
    public sealed record Accepted(ChatMessage Confirmation) : FormResult;

    /// <summary>Errors keyed by input id; nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : FormResult;
}
