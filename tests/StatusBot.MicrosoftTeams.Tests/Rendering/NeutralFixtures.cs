using StatusBot.Core.Messages;

namespace StatusBot.MicrosoftTeams.Tests.Rendering;

/// <summary>
/// The shared channel-neutral message fixtures every adapter renders: the core's golden messages
/// (<c>tests/StatusBot.Core.Tests/Golden</c>) and the Slack renderer's fixtures (<c>tests/StatusBot.Slack.Tests/Golden/Messages</c>).
/// Read from the source tree, so a new fixture there is rendered here too.
/// </summary>
public static class NeutralFixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ProjectDirectory => Path.Combine(RepositoryRoot, "tests", "StatusBot.MicrosoftTeams.Tests");

    /// <summary>Fixture name (<c>core/digest.apollo</c>, <c>slack/checkin.form.resolve</c>) → file.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = Discover();

    public static ChatMessage Load(string name) => MessageJson.Deserialize(File.ReadAllText(Files[name]));

    private static SortedDictionary<string, string> Discover()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (prefix, folder) in new[] { ("core", Path.Combine("tests", "StatusBot.Core.Tests", "Golden")), ("slack", Path.Combine("tests", "StatusBot.Slack.Tests", "Golden", "Messages")) })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, folder), "*.json"))
            {
                files[$"{prefix}/{Path.GetFileNameWithoutExtension(file)}"] = file;
            }
        }

        return files;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StatusBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (StatusBot.sln)");
    }
}
