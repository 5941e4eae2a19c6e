using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace StatusBot.Host;

/// <summary>
/// Turns the options failures found at start into the lines an operator reads. Our validators name the
/// key first (<c>Storage:Provider: …</c>); a library's own complaint about the same mistake (a storage library
/// repeating that the connection string is missing) is a consequence and is only shown when nothing
/// of ours explains the failure.
/// </summary>
internal static partial class StartupErrors
{
    public static bool IsConfigurationError(Exception exception) =>
        exception is OptionsValidationException
        || (exception is AggregateException aggregate && aggregate.Flatten().InnerExceptions.Any(e => e is OptionsValidationException));

    public static IReadOnlyList<string> Lines(Exception exception)
    {
        var failures = (exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception])
            .SelectMany(e => e is OptionsValidationException options ? options.Failures : [e.Message])
            .Distinct()
            .ToList();
        var named = failures.Where(f => KeyFirst().IsMatch(f)).ToList();
        return named.Count > 0 ? named : failures;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)+:? ")]
    private static partial Regex KeyFirst();
}
