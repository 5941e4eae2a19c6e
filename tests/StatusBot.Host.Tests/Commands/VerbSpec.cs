using StatusBot.Core.Messages;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// One row of the verb table: the command that must succeed (and what it must change), the wrong inputs that
/// must fail with a teaching error, and whether a caller from another workspace must get "not found".
/// Texts may use {dep}, {dep2}, {otherDep}, {risk}, {milestone}, {blocker}, {resolvedBlocker}, {otherBlocker}: replaced with the seeded ids.
/// </summary>
public sealed record VerbSpec(
    string Verb,
    string SuccessCaller,
    string Success,
    string[] SuccessContains,
    Func<CommandWorld, ChatMessage, Task> Check,
    (string Caller, string Text, string Contains)[] Errors,
    bool OtherWorkspaceNotFound = true)
{
    /// <summary>A command run (and required to succeed) before the table row, e.g. pausing before resuming.</summary>
    public string? Before { get; init; }

    /// <summary>Callers refused besides those below the verb's role (e.g. a member of the wrong team).</summary>
    public IReadOnlyList<string> AlsoRefused { get; init; } = [];

    public static string Fill(CommandWorld world, string text) => text
        .Replace("{dep}", world.Dependency.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{dep2}", world.SecondDependency.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{milestone}", world.Milestone.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{otherDep}", world.OtherDependency.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{risk}", world.Risk.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{blocker}", world.Blocker.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{resolvedBlocker}", world.ResolvedBlocker.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{otherBlocker}", world.OtherBlocker.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
