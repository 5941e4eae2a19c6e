using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using NJsonSchema;
using StatusBot.Core.Commands;
using StatusBot.MicrosoftTeams.Tests.Rendering;

namespace StatusBot.MicrosoftTeams.Tests.Manifest;

/// <summary>
/// <c>manifests/teams</c> against Microsoft's app manifest schema 1.29, read from <c>../shared/schemas/teams</c> beside
/// the repository (where CI clones it), the icons Teams requires, and the package <c>scripts/teams-package.sh</c> builds.
/// </summary>
public sealed class TeamsManifestTests
{
    private const string AppId = "5f3c3a1e-7d2b-4c3e-9a51-1b2c3d4e5f60";
    private static readonly string Folder = Path.Combine(NeutralFixtures.RepositoryRoot, "manifests", "teams");

    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!.AsObject();

    private static async Task<JsonSchema> SchemaAsync()
    {
        var path = Path.GetFullPath(Path.Combine(NeutralFixtures.RepositoryRoot, "..", "shared", "schemas", "teams", "MicrosoftTeams.v1.29.schema.json"));
        Assert.True(File.Exists(path), $"The Teams manifest schema is expected at {path} (the shared folder cloned beside the repository).");
        return await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
    }

    private static string Errors(ICollection<NJsonSchema.Validation.ValidationError> errors) => string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}"));

    [Fact]
    public async Task Manifest_is_valid_against_the_1_29_schema()
    {
        var schema = await SchemaAsync();

        var errors = schema.Validate(Manifest().ToJsonString());

        Assert.True(errors.Count == 0, Errors(errors));
        Assert.Equal("1.29", Manifest()["manifestVersion"]!.ToString());
    }

    [Fact]
    public async Task The_schema_check_catches_a_broken_manifest()
    {
        var schema = await SchemaAsync();
        var manifest = Manifest();
        manifest["name"]!["short"] = new string('S', 31);
        manifest["bots"]![0]!["botId"] = "not-a-guid";

        var errors = schema.Validate(manifest.ToJsonString());

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void The_bot_works_in_personal_chats_and_teams_and_lists_the_grammars_main_commands()
    {
        var bot = Manifest()["bots"]![0]!;
        var nouns = CommandCatalog.Verbs.Select(verb => verb.Name.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.ToString()));
        var list = Assert.Single(bot["commandLists"]!.AsArray())!;
        Assert.Equal(["personal", "team"], list["scopes"]!.AsArray().Select(s => s!.ToString()));
        var titles = list["commands"]!.AsArray().Select(c => c!["title"]!.ToString()).ToList();
        Assert.All(titles, title => Assert.Contains(title, nouns));
        Assert.Subset(titles.ToHashSet(), new HashSet<string> { "help", "status", "program", "team", "checkin", "dep", "digest" });
    }

    [Fact]
    public void Icons_are_a_192_pixel_colour_png_and_a_32_pixel_outline_on_a_transparent_background()
    {
        var color = PngInfo.Read(Path.Combine(Folder, Manifest()["icons"]!["color"]!.ToString()));
        var outline = PngInfo.Read(Path.Combine(Folder, Manifest()["icons"]!["outline"]!.ToString()));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Equal(6, outline.ColorType);
        Assert.Equal(0, outline.Alpha(0, 0));
        var opaque = Enumerable.Range(0, 32).SelectMany(y => Enumerable.Range(0, 32).Select(x => (x, y))).Where(p => outline.Alpha(p.x, p.y) != 0).ToList();
        Assert.NotEmpty(opaque);
        Assert.All(opaque, p => Assert.Equal([255, 255, 255], outline.Rows[p.y][(p.x * 4)..((p.x * 4) + 3)]));
    }

    [Fact]
    public async Task The_package_script_zips_a_filled_in_manifest_and_the_icons_flat()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"statusbot-teams-{Guid.NewGuid():N}.zip");
        try
        {
            var (exitCode, output) = await RunAsync("bash", Path.Combine(NeutralFixtures.RepositoryRoot, "scripts", "teams-package.sh"), AppId, "statusbot.contoso.com", zip);
            Assert.True(exitCode == 0, output);

            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
            var packaged = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
            var manifest = JsonNode.Parse(packaged)!;
            Assert.Equal(AppId, manifest["id"]!.ToString());
            Assert.Equal(AppId, manifest["bots"]![0]!["botId"]!.ToString());
            Assert.Equal(["statusbot.contoso.com"], manifest["validDomains"]!.AsArray().Select(d => d!.ToString()));
            Assert.DoesNotContain("example.com", packaged, StringComparison.Ordinal);
            var errors = (await SchemaAsync()).Validate(packaged);
            Assert.True(errors.Count == 0, Errors(errors));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", "statusbot.contoso.com", "placeholder")]
    [InlineData("my-bot", "statusbot.contoso.com", "GUID")]
    [InlineData(AppId, "https://statusbot.contoso.com/", "bare host name")]
    public async Task The_package_script_refuses_a_wrong_app_id_or_host_with_one_line(string appId, string host, string expected)
    {
        var zip = Path.Combine(Path.GetTempPath(), $"statusbot-teams-{Guid.NewGuid():N}.zip");

        var (exitCode, output) = await RunAsync("bash", Path.Combine(NeutralFixtures.RepositoryRoot, "scripts", "teams-package.sh"), appId, host, zip);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }
}
