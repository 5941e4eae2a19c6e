namespace StatusBot.Playground.Endpoints;

/// <summary>
/// The playground page: one static HTML file and its script, embedded in the assembly. The script is a file of its
/// own, not inline, so the page's Content-Security-Policy can refuse every inline script.
/// </summary>
internal static class PlaygroundPage
{
    public static string Html { get; } = Load("playground.html");

    public static string Script { get; } = Load("playground.js");

    private static string Load(string name)
    {
        using var stream = typeof(PlaygroundPage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
