using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using StatusBot.Core.Messages;
using StatusBot.Core.People;

namespace StatusBot.Core.Privacy;

/// <summary>
/// What forgetting one person means: their row becomes <see cref="AnonymousName"/> (<c>former member #N</c>, N being the
/// row's opaque id) with <see cref="AnonymousIdentity"/>, and every copy of who they were (identity, platform ids, display
/// name, mentions of them) and of their words (answers, blockers) in other rows (messages sent and queued, digests,
/// inbound requests, the audit trail) is replaced. The store finds candidate rows with <see cref="IdentityNeedles"/> and
/// <see cref="WordNeedles"/> and rewrites each with <see cref="Scrub"/>.
/// </summary>
public sealed partial class Erasure
{
    /// <summary>
    /// Shorter texts ("done", "ok") are removed from the person's own answers and blockers but not hunted for in other rows:
    /// they identify nobody, and replacing them everywhere would damage other people's words.
    /// </summary>
    public const int MinimumWordLength = 8;

    public const string Removed = "(removed)";

    private readonly List<(Regex Pattern, string Replacement)> _identity = [];
    private readonly List<(Regex Pattern, string Replacement)> _words = [];

    public Erasure(Person person, IEnumerable<string> platformIds, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(person);
        Person = person;
        var identity = PersonIdentity.Parse(person.Identity);
        AnonymousName = $"former member #{person.Id}";
        AnonymousUserId = $"forgotten-{person.Id}";
        AnonymousIdentity = $"{identity.WorkspaceId}:{AnonymousUserId}";
        UserId = identity.UserId;

        // Mentions first, label and all (a Slack mention carries the handle the typist saw: <@U123|dana.k>).
        Add(_identity, $@"<@{Regex.Escape(identity.UserId)}(\|[^>]*)?>", $"@{AnonymousName}");
        Add(_identity, $@"@\{{{Regex.Escape(person.Identity)}\|(\\.|[^}}\\])*\}}", InlineMarkup.Mention(AnonymousIdentity, AnonymousName));
        var secrets = new List<(string Text, string Replacement)> { (person.Identity, AnonymousIdentity), (identity.UserId, AnonymousUserId), (person.DisplayName, AnonymousName) };
        secrets.AddRange(platformIds.Where(id => id.Length > 0).Select(id => (id, AnonymousUserId)));
        foreach (var (text, replacement) in secrets.OrderByDescending(s => s.Text.Length))
        {
            foreach (var form in Forms(text))
            {
                Add(_identity, Bounded(form), replacement);
                IdentityNeedleList.Add(form);
            }
        }

        foreach (var word in words.Select(w => w.Trim()).Where(w => w.Length >= MinimumWordLength).Distinct().OrderByDescending(w => w.Length))
        {
            foreach (var form in Forms(word))
            {
                Add(_words, Regex.Escape(form), Removed);
                WordNeedleList.Add(form);
            }
        }
    }

    public Person Person { get; }

    public string AnonymousName { get; }

    public string AnonymousIdentity { get; }

    /// <summary>What stands for their platform user id where one was recorded (an app installer, a conversation).</summary>
    public string AnonymousUserId { get; }

    /// <summary>Their user id inside the workspace (<c>U123</c>).</summary>
    public string UserId { get; }

    /// <summary>Texts whose presence (any case) means a row may name the person.</summary>
    public IReadOnlyList<string> IdentityNeedles => IdentityNeedleList;

    /// <summary>Texts whose presence means a row may copy the person's words (searched in messages, requests and the audit trail).</summary>
    public IReadOnlyList<string> WordNeedles => WordNeedleList;

    private List<string> IdentityNeedleList { get; } = [];

    private List<string> WordNeedleList { get; } = [];

    /// <summary>The text with every mention and name of the person replaced, and with <paramref name="words"/> their words too.</summary>
    public string Scrub(string text, bool words)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (pattern, replacement) in words ? _identity.Concat(_words) : _identity)
        {
            text = pattern.Replace(text, replacement.Replace("$", "$$", StringComparison.Ordinal));
        }

        return text;
    }

    /// <summary>A text as typed, as markup escapes it, and as JSON escapes it (stored messages and requests are JSON).</summary>
    private static IEnumerable<string> Forms(string text) =>
        new[]
        {
            text,
            InlineMarkup.Escape(text),
            JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            JsonEncodedText.Encode(text).ToString(),
            JsonEncodedText.Encode(InlineMarkup.Escape(text), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        }.Distinct(StringComparer.Ordinal);

    /// <summary>A name or id as a whole word: "Al" is replaced in "Al's blocker", not in "Also".</summary>
    private static string Bounded(string text) => $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(text)}(?![\p{{L}}\p{{N}}])";

    private static void Add(List<(Regex, string)> list, string pattern, string replacement) =>
        list.Add((new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), replacement));
}
