using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands;

/// <summary>
/// Runs one verb of <see cref="CommandCatalog"/>. Implementations read their arguments, resolve names, call
/// <see cref="Authorization.Authorizer"/> for the verb's role, change state through the context's session and return
/// the reply; anything wrong is a <see cref="CommandException"/>, which rolls the whole command back.
/// </summary>
public interface ICommandVerb
{
    Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments);
}

/// <summary>Where the command layer reports failures that are not the caller's fault (the host logs them).</summary>
public interface ICommandDiagnostics
{
    void Unexpected(string what, Exception exception);
}
