using System.Runtime.CompilerServices;

namespace StatusBot.Core.Tests.Golden;

/// <summary>
/// Compares text with a file checked in under <c>tests/StatusBot.Core.Tests/Golden/</c>. With
/// <c>UPDATE_GOLDEN=1</c> the file is (re)written instead, so a deliberate change is one command and a diff to review.
/// </summary>
public static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>The folder of this source file: the golden files live beside it, in the source tree, not in bin/.</summary>
    public static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>The repository root (for README.md).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Folder(), "..", "..", ".."));

    public static void Verify(string fileName, string actual)
    {
        var path = Path.Combine(Folder(), fileName);
        actual = actual.ReplaceLineEndings("\n");
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{fileName} does not exist; run the tests once with UPDATE_GOLDEN=1 and review the new file.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
