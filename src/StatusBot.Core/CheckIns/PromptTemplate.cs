using System.Text.Json;
using StatusBot.Core.Messages;
using StatusBot.Core.People;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// A team's prompt in its stored form (<see cref="MessageJson.SerializeCompact"/>: a shared body is stored compact),
/// serialized once per cycle and personalised per member
/// by putting the member's mention where a placeholder's is: the prompts of members who share a form differ only in that
/// mention, and serializing thousands of equal forms was most of a big round's cost. Gives exactly the text serializing
/// each member's own prompt gives (<c>PromptTemplateTests</c>); when the placeholder's mention does not occur exactly once
/// in the serialized prompt (a team name containing it), each member's prompt is serialized on its own.
/// </summary>
public sealed class PromptTemplate
{
    private static readonly Person PlaceholderPerson = new()
    {
        Id = 0,
        WorkspaceId = "-",
        Identity = "statusbot-prompt-placeholder-5d1c",
        DisplayName = "statusbot-prompt-placeholder-5d1c",
        TimeZone = "UTC",
    };

    private readonly Func<Person, Messages.ChatMessage> _prompt;
    private readonly string? _template;
    private readonly string _placeholder;

    /// <param name="prompt">The member's prompt; for every member given to <see cref="Serialize"/> it must differ from the placeholder's only in the mention.</param>
    public PromptTemplate(Func<Person, ChatMessage> prompt)
    {
        _prompt = prompt;
        _placeholder = EncodedMention(PlaceholderPerson);
        var template = MessageJson.SerializeCompact(prompt(PlaceholderPerson));
        var first = template.IndexOf(_placeholder, StringComparison.Ordinal);
        _template = first >= 0 && template.IndexOf(_placeholder, first + 1, StringComparison.Ordinal) < 0 ? template : null;
    }

    /// <summary>
    /// The prompt in its stored form with the placeholder's mention where each member's goes (exactly once), or null
    /// when the placeholder's mention does not occur exactly once (then each member's prompt is serialized on its own).
    /// </summary>
    public string? Shared => _template;

    /// <summary>What each member's mention replaces in <see cref="Shared"/>.</summary>
    public string Placeholder => _placeholder;

    /// <summary>The member's mention as it appears in the stored form: <see cref="Shared"/> with it in place of <see cref="Placeholder"/> is the member's prompt.</summary>
    public static string Personal(Person person) => EncodedMention(person);

    /// <summary>The member's prompt as <see cref="MessageJson.SerializeCompact"/> writes it.</summary>
    public string Serialize(Person person) =>
        _template is null ? MessageJson.SerializeCompact(_prompt(person)) : _template.Replace(_placeholder, EncodedMention(person), StringComparison.Ordinal);

    // The mention as it appears inside a JSON string written with the message options (same encoder, so the same
    // escaping), without the quotes; encoded directly rather than serialized, as a round does it once per member.
    private static string EncodedMention(Person person) =>
        JsonEncodedText.Encode(InlineMarkup.Mention(person.Identity, person.DisplayName), MessageJson.Options.Encoder).ToString();
}
