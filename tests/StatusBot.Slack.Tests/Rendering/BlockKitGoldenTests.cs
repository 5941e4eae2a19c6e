using System.Text.Json;
using System.Text.Json.Nodes;
using StatusBot.Core.Messages;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Tests.Rendering;

/// <summary>
/// Golden files: each neutral message under <c>Golden/Messages</c> renders to exactly the Block Kit JSON under
/// <c>Golden/BlockKit</c>. After an intended change, run with <c>UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class BlockKitGoldenTests
{
    public static TheoryData<string> Kinds => new(SampleMessages.All.Keys);

    private static string SourceGolden => Path.Combine(FindProjectDirectory(), "Golden");

    private static bool Update => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Message_kind_renders_to_its_golden_block_kit(string kind)
    {
        var fixture = Path.Combine(SourceGolden, "Messages", kind + ".json");
        if (Update)
        {
            Write(fixture, MessageJson.Serialize(SampleMessages.All[kind]));
        }

        var message = MessageJson.Deserialize(File.ReadAllText(fixture));
        AssertGolden($"{kind}.json", BlockKitRenderer.RenderMessage(message));
    }

    [Fact]
    public void Check_in_form_renders_to_its_golden_modal() =>
        AssertGolden("checkin.modal.json", ModalRenderer.Render(SampleMessages.CheckInForm));

    [Fact]
    public void Check_in_form_with_open_blockers_renders_a_resolved_box_for_each_in_the_modal() =>
        AssertGolden("checkin.modal.resolve.json", ModalRenderer.Render(SampleMessages.ResolveForm));

    [Fact]
    public void Accepted_submission_renders_to_its_golden_confirmation_view() =>
        AssertGolden("checkin.confirmation.json", ModalRenderer.RenderConfirmation(new ChatMessage(
            "checkin.confirmation",
            "Check-in saved",
            [new TextBlock("Thanks! Your check-in for **Payments** is saved; you can edit it until _Tuesday 09:00_."), new StatusBlock(StatusBadge.AtRisk, "Payments", "At risk")])));

    [Fact]
    public void App_home_renders_to_its_golden_view() =>
        AssertGolden("home.json", BlockKitRenderer.RenderHome(SampleMessages.All["digest"]));

    private static void AssertGolden(string name, JsonObject rendered)
    {
        var path = Path.Combine(SourceGolden, "BlockKit", name);
        var actual = rendered.ToJsonString(SlackJson.Indented) + "\n";
        if (Update)
        {
            Write(path, actual);
        }

        Assert.True(File.Exists(path), $"Missing golden file {path}; run with UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.EndsWith('\n') ? content : content + "\n");
    }

    private static string FindProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StatusBot.Slack.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the StatusBot.Slack.Tests project directory");
    }
}
