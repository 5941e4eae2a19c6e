using StatusBot.Core.Commands;
using StatusBot.Core.Tests.Golden;

namespace StatusBot.Core.Tests.Commands;

/// <summary>The README's command reference is generated from the catalog; this keeps them equal.</summary>
public class CommandReferenceTests
{
    [Fact]
    public void Readme_command_reference_matches_the_catalog()
    {
        var path = Path.Combine(GoldenFile.RepositoryRoot, "README.md");
        var generated = CommandReference.ToMarkdown();
        var readme = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        var start = readme.IndexOf(CommandReference.StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(CommandReference.EndMarker, StringComparison.Ordinal);

        if (GoldenFile.Updating)
        {
            var section = $"{CommandReference.StartMarker}\n{generated}{CommandReference.EndMarker}";
            readme = start >= 0 && end > start
                ? readme[..start] + section + readme[(end + CommandReference.EndMarker.Length)..]
                : readme.TrimEnd('\n') + (readme.Length == 0 ? string.Empty : "\n\n") + "## Command reference\n\n" + section + "\n";
            File.WriteAllText(path, readme);
            return;
        }

        Assert.True(start >= 0 && end > start, "README.md has no command reference section; run the tests with UPDATE_GOLDEN=1.");
        Assert.Equal(generated, readme[(start + CommandReference.StartMarker.Length + 1)..end]);
    }

    [Fact]
    public void Reference_has_a_row_for_every_verb()
    {
        var markdown = CommandReference.ToMarkdown();

        Assert.All(CommandCatalog.Verbs, verb => Assert.Contains($"| `{verb.Usage.Replace("|", "\\|", StringComparison.Ordinal)}` |", markdown, StringComparison.Ordinal));
    }
}
