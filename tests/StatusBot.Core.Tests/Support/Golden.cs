using System.Runtime.CompilerServices;

namespace StatusBot.Core.Tests.Support;

/// <summary>
/// Golden files under <c>tests/StatusBot.Core.Tests/Golden/</c>: the test fails when the output differs; run with
/// <c>UPDATE_GOLDEN=1</c> to rewrite them after an intended change, and review the diff.
/// </summary>
public static class Golden
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var directory = Path.Combine(FindProjectDirectory(caller), "Golden");
        var path = Path.Combine(directory, name);
        actual = actual.ReplaceLineEndings("\n") + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    private static string FindProjectDirectory(string caller)
    {
        for (var dir = Path.GetDirectoryName(caller); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "StatusBot.Core.Tests.csproj")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"StatusBot.Core.Tests.csproj not found above {caller}");
    }
}
