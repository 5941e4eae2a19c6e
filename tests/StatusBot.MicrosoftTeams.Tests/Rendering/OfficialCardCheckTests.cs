using System.Diagnostics;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Tests.Rendering;

/// <summary>
/// Every card rendered from the shared fixtures is parsed and validated by Microsoft's official Adaptive Cards library
/// (npm <c>adaptivecards</c>, pinned in <c>CardCheck/package-lock.json</c>) targeting schema 1.5, through Node.js:
/// unknown elements, invalid property values, features newer than 1.5, missing or duplicate input ids all fail.
/// Needs <c>node</c> and <c>npm ci</c> in <c>CardCheck</c> (done by <c>.ci/run</c>); without them the test is skipped
/// with the reason, unless <c>STATUSBOT_REQUIRE_CARDCHECK=1</c> (CI), where it fails.
/// </summary>
public sealed class OfficialCardCheckTests
{
    private static string CheckDirectory => Path.Combine(NeutralFixtures.ProjectDirectory, "CardCheck");

    [Fact]
    public async Task Every_rendered_card_passes_the_official_adaptive_cards_parser_at_version_1_5()
    {
        var folder = Directory.CreateTempSubdirectory("statusbot-cards-").FullName;
        try
        {
            foreach (var (name, _) in NeutralFixtures.Files)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, name.Replace('/', '.') + ".json"), AdaptiveCardRenderer.Render(NeutralFixtures.Load(name)).ToJsonString(), TestContext.Current.CancellationToken);
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "every-block.json"), AdaptiveCardRenderer.Render(EveryBlock()).ToJsonString(), TestContext.Current.CancellationToken);

            var results = await CheckAsync(folder);

            Assert.Equal(NeutralFixtures.Files.Count + 1, results.Count);
            var problems = results.Where(r => r.Problems.Count > 0).Select(r => $"{r.File}: {string.Join("; ", r.Problems)}").ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_check_catches_a_broken_card()
    {
        var folder = Directory.CreateTempSubdirectory("statusbot-cards-").FullName;
        try
        {
            var card = AdaptiveCardRenderer.Render(NeutralFixtures.Load("core/checkin.form"));
            card["body"]![0]!["size"] = "Huge";
            card["body"]![2]!["id"] = "status";
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"), card.ToJsonString(), TestContext.Current.CancellationToken);

            var result = Assert.Single(await CheckAsync(folder));

            Assert.Contains(result.Problems, p => p.Contains("InvalidPropertyValue", StringComparison.Ordinal));
            Assert.Contains(result.Problems, p => p.Contains("DuplicateId", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One of each block, input and button style, with a Teams mention, so the check covers what no fixture has.</summary>
    private static ChatMessage EveryBlock() => new("every-block", "Every block", [
        new HeaderBlock("Header"),
        new TextBlock($"Text for {InlineMarkup.Mention("teams:t1:aad-1", "Grace")}"),
        new FieldsBlock([new Field("Label", "**value**")]),
        new DividerBlock(),
        .. Enum.GetValues<StatusBadge>().Select(badge => new StatusBlock(badge, "Team", "text")),
        new ContextBlock("context"),
        new ActionsBlock([
            new ButtonAction("Primary", "a", "1", ButtonStyle.Primary),
            new ButtonAction("Danger", "b", "2", ButtonStyle.Danger),
            new ButtonAction("Link", "c", "3", Url: "https://statusbot.example.com/"),
        ]),
        new FormBlock("form:1", "Form", "Send", [
            new ChoiceInput("many", "Many", true, Enumerable.Range(1, 8).Select(i => new ChoiceOption($"v{i}", $"Option {i}")).ToList(), "v2"),
            new TextInput("line", "Line", true, Multiline: false, Value: "x", Placeholder: "hint", MaxLength: 100),
            new DateInput("date", "Date", true, new DateOnly(2026, 12, 4)),
            new CheckboxInput("tick", "Tick", false, Checked: true),
        ]),
    ]);

    internal sealed record CardResult(string File, IReadOnlyList<string> Problems);

    /// <summary>Checks every <c>*.json</c> card in <paramref name="folder"/>; skips (or fails under CI) without Node.js and the library.</summary>
    internal static async Task<List<CardResult>> CheckAsync(string folder)
    {
        var node = FindOnPath("node");
        var library = Path.Combine(CheckDirectory, "node_modules", "adaptivecards", "dist", "adaptivecards.js");
        if (node is null || !File.Exists(library))
        {
            var reason = node is null
                ? "Node.js is not installed"
                : $"the adaptivecards package is not installed (run: npm ci --prefix {CheckDirectory})";
            if (Environment.GetEnvironmentVariable("STATUSBOT_REQUIRE_CARDCHECK") == "1")
            {
                Assert.Fail($"STATUSBOT_REQUIRE_CARDCHECK=1 but {reason}.");
            }

            Assert.Skip($"Official Adaptive Card check skipped: {reason}.");
        }

        var start = new ProcessStartInfo(node, [Path.Combine(CheckDirectory, "check-cards.js"), folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = CheckDirectory,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"check-cards.js failed: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!)
            .Select(result => new CardResult(result["file"]!.ToString(), [.. result["problems"]!.AsArray().Select(p => p!.ToString())]))
            .ToList();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
