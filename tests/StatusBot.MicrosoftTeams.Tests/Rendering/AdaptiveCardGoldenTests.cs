using System.Text.Json.Nodes;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Tests.Rendering;

/// <summary>
/// Golden files: every shared neutral fixture renders to exactly the Adaptive Card under
/// <c>Golden/AdaptiveCards/{core,slack}/</c>. After an intended change (or a new fixture), run with
/// <c>UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class AdaptiveCardGoldenTests
{
    public static TheoryData<string> Fixtures => new(NeutralFixtures.Files.Keys);

    private static bool Update => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_renders_to_its_golden_adaptive_card(string fixture)
    {
        var card = AdaptiveCardRenderer.Render(NeutralFixtures.Load(fixture));

        AssertGolden(fixture, card);
    }

    private static void AssertGolden(string name, JsonObject rendered)
    {
        var path = Path.Combine(NeutralFixtures.ProjectDirectory, "Golden", "AdaptiveCards", name + ".json");
        var actual = rendered.ToJsonString(TeamsJson.Indented).ReplaceLineEndings("\n") + "\n";
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"Missing golden file {path}; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
