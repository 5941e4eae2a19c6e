namespace StatusBot.Core.Commands;

/// <summary>
/// A command could not run because of what the person typed or who they are. Thrown anywhere in parsing,
/// resolving or authorizing; turned into a reply in one place (<see cref="CommandDispatcher"/>), and the
/// command's store session is rolled back, so a failed command changes nothing.
/// </summary>
public abstract class CommandException(string message) : Exception(message);

/// <summary>The text does not fit the verb's grammar: the reply repeats the usage line.</summary>
public sealed class CommandInputException(string message, string? suggestion = null) : CommandException(message)
{
    /// <summary>A "did you mean" hint, when a close alternative exists.</summary>
    public string? Suggestion { get; } = suggestion;
}

/// <summary>A named program, team, person, dependency or risk does not exist in the caller's workspace.</summary>
public sealed class CommandNotFoundException(string message, IReadOnlyList<string> closest) : CommandException(message)
{
    /// <summary>The nearest existing names, best first (may be empty).</summary>
    public IReadOnlyList<string> Closest { get; } = closest;
}

/// <summary>The caller lacks the role the verb needs; the message names the role and who holds it.</summary>
public sealed class CommandRefusedException(string message) : CommandException(message);
