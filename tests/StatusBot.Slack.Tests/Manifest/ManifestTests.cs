using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using StatusBot.Slack.Install;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StatusBot.Slack.Tests.Manifest;

/// <summary>
/// <c>manifests/slack/manifest.yaml</c> against Slack's manifest schema, read from <c>../shared/schemas/slack</c>
/// beside the repository (where CI clones it), and against what the adapter actually serves.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static JsonObject Manifest() => (JsonObject)ToJson(LoadYaml(Path.Combine(RepositoryRoot, "manifests", "slack", "manifest.yaml")))!;

    private static async Task<JsonSchema> SchemaAsync()
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "schemas", "slack", "manifest.schema.1.0.0.json"));
        Assert.True(File.Exists(path), $"Slack's manifest schema is expected at {path} (the shared folder cloned beside the repository).");
        return await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Manifest_is_valid_against_slacks_schema()
    {
        var schema = await SchemaAsync();

        var errors = schema.Validate(Manifest().ToJsonString());

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task The_schema_check_catches_a_broken_manifest()
    {
        var schema = await SchemaAsync();
        var manifest = Manifest();
        manifest["display_information"]!["name"] = new string('S', 36);
        manifest["settings"]!["socket_mode_enabled"] = "yes";

        var errors = schema.Validate(manifest.ToJsonString());

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Manifest_points_slack_at_the_adapters_endpoints_and_asks_for_the_scopes_it_installs_with()
    {
        var manifest = Manifest();

        var command = manifest["features"]!["slash_commands"]![0]!;
        Assert.Equal("/statusbot", command["command"]!.ToString());
        Assert.EndsWith("/slack/commands", command["url"]!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/interactions", manifest["settings"]!["interactivity"]!["request_url"]!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/events", manifest["settings"]!["event_subscriptions"]!["request_url"]!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/oauth/callback", manifest["oauth_config"]!["redirect_urls"]![0]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(["app_home_opened", "message.im"], manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.ToString()));
        Assert.Equal(
            InstallEndpoints.BotScopes.Split(',').Order(StringComparer.Ordinal),
            manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.ToString()).Order(StringComparer.Ordinal));
        Assert.True(manifest["features"]!["app_home"]!["messages_tab_enabled"]!.GetValue<bool>());
    }

    private static YamlNode LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    /// <summary>YAML to JSON with YAML 1.2 core types for plain scalars (booleans, integers); quoted scalars stay strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when scalar.Value is "true" or "false" => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

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
