using Microsoft.Extensions.Options;
using StatusBot.Core.People;

namespace StatusBot.Host.Commands;

/// <summary>The command layer's settings, section <c>StatusBot</c>.</summary>
public sealed class CommandOptions
{
    public const string Section = "StatusBot";

    /// <summary>
    /// Workspace admins as platform identities (<c>slack:T0001:U0001</c>, <c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c>,
    /// <c>playground:alice</c>). Each is admin of its own workspace only. The app's installer is an admin too,
    /// marked on their person record by the adapter.
    /// </summary>
    public IList<string> Admins { get; } = [];
}

/// <summary>Every configured admin must be a well-formed identity, or the host does not start.</summary>
public sealed class CommandOptionsValidator : IValidateOptions<CommandOptions>
{
    public ValidateOptionsResult Validate(string? name, CommandOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Admins.Count; i++)
        {
            if (!PersonIdentity.TryParse(options.Admins[i], out _, out var error))
            {
                failures.Add($"{CommandOptions.Section}:Admins:{i}: {error}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
