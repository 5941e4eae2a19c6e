namespace StatusBot.Playground.Endpoints;

/// <summary>The playground page: one static HTML file with a little script, embedded in the assembly.</summary>
internal static class PlaygroundPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(PlaygroundPage).Assembly.GetManifestResourceStream("playground.html")
            ?? throw new InvalidOperationException("playground.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
