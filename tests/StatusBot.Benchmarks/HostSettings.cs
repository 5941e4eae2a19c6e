namespace StatusBot.Benchmarks;

/// <summary>Host settings a driver passes through to the hosts it starts, to try instead of the defaults.</summary>
internal static class HostSettings
{
    /// <summary>Every <c>--Section:Key value</c> pair among a driver's arguments (its own flags have no colon).</summary>
    public static IEnumerable<string> From(string[] args) =>
        args.Select((arg, i) => (arg, i))
            .Where(a => a.arg.StartsWith("--", StringComparison.Ordinal) && a.arg.Contains(':', StringComparison.Ordinal) && a.i + 1 < args.Length)
            .SelectMany(a => new[] { a.arg, args[a.i + 1] });
}
