using System.Globalization;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Privacy;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>forget &lt;@person&gt;</c>: removes a person's identity and words from every program of the workspace and keeps the
/// counts their rows make (see <see cref="Erasure"/>). The audit entry names only the opaque "former member #N".
/// </summary>
public sealed class ForgetVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var token = arguments.Person("the person to forget");
        arguments.End();
        await context.Access.RequireAdminAsync();
        var person = await context.Find.PersonAsync(token, register: false);
        if (person.Id == context.Caller.Id)
        {
            throw new CommandInputException("You cannot forget yourself while you act as admin; ask another workspace admin.");
        }

        var ct = context.CancellationToken;
        var data = context.Session.PersonalData;
        var erasure = new Erasure(person, await data.ListPlatformIdsAsync(person.Identity, ct), await data.ListWordsAsync(person.Id, ct));
        var changed = await data.EraseAsync(erasure, ct);
        context.Audit(erasure.AnonymousName, "member", "forgotten: identity, answers and blockers removed");
        return CommandReplies.Done(
            $"Forgotten. The person is now {InlineMarkup.Bold(erasure.AnonymousName)} in every program of this workspace: their identity, " +
            $"the text of their answers and blockers, and every copy of them in messages, digests and the audit trail are removed ({changed} rows changed). " +
            "Counts stay right: their answers still count as answered, their blockers as raised and resolved.");
    }
}

/// <summary>
/// <c>me export</c>: sends the caller, in direct messages, every check-in answer they gave and every blocker they raised,
/// in every program of the workspace. Chat messages, not a file: every platform shows them (Slack bots need an extra scope
/// to upload files, Teams bots a consent card), cut to the platforms' limits (<see cref="MaxBlocks"/> blocks of at most
/// <see cref="MaxBlockText"/> characters per message, as many messages as it takes).
/// </summary>
public sealed class MeExportVerb : ICommandVerb
{
    /// <summary>Slack shows at most 50 blocks, and a text block at most 3,000 characters; Teams' 28 KB card fits this too.</summary>
    public const int MaxBlocks = 40;

    public const int MaxBlockText = 2800;

    public const string Kind = "me.export";

    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        arguments.End();
        var ct = context.CancellationToken;
        var answers = await context.Session.PersonalData.ListAnswersAsync(context.Caller.Id, ct);
        var blockers = await context.Session.PersonalData.ListBlockersAsync(context.Caller.Id, ct);
        var zone = context.Caller.TimeZone;

        var texts = new List<string>();
        foreach (var answer in answers)
        {
            var lines = new List<string>
            {
                $"{InlineMarkup.Bold($"{answer.Program} / {answer.Team} · week of {Names.Iso(answer.WeekOf)}")} · {CheckInStatusDisplay(answer.Status)}{(answer.IsLate ? " (late)" : string.Empty)}",
                $"progress: {InlineMarkup.Escape(answer.Progress)}",
                $"next: {InlineMarkup.Escape(answer.Next)}",
            };
            if (answer.Note is { Length: > 0 } note)
            {
                lines.Add($"note: {InlineMarkup.Escape(note)}");
            }

            lines.Add($"sent {InlineMarkup.Instant(answer.SubmittedAt, zone)}{(answer.EditedAt is { } edited ? $", last edited {InlineMarkup.Instant(edited, zone)}" : string.Empty)}");
            texts.Add(string.Join('\n', lines));
        }

        foreach (var blocker in blockers)
        {
            var state = blocker.ResolvedAt is { } resolved ? $"resolved {InlineMarkup.Instant(resolved, zone)}" : "open";
            texts.Add($"{InlineMarkup.Bold($"Blocker · {blocker.Program} / {blocker.Team}")} · raised {InlineMarkup.Instant(blocker.OpenedAt, zone)} · {state}\n{InlineMarkup.Escape(blocker.Text)}");
        }

        var messages = Messages(texts, answers.Count, blockers.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"me-export:{context.Caller.Id}:{context.Now.ToUnixTimeMilliseconds()}:{i + 1}");
            await context.Session.Outbox.EnqueueAsync(OutboxMessage.DirectMessageTo(context.Caller.Identity, messages[i], key, null, context.Now), ct);
        }

        context.Audit("own answers and blockers", null, string.Create(CultureInfo.InvariantCulture, $"sent in {messages.Count} direct message(s)"));
        return CommandReplies.Done(string.Create(
            CultureInfo.InvariantCulture,
            $"Sending you your {answers.Count} answer(s) and {blockers.Count} blocker(s) in {messages.Count} direct message(s)."));
    }

    /// <summary>Packs the texts into messages of at most <see cref="MaxBlocks"/> blocks; a text too long for one block is split.</summary>
    public static IReadOnlyList<ChatMessage> Messages(IReadOnlyList<string> texts, int answers, int blockers)
    {
        var blocks = texts.Count == 0
            ? [new TextBlock("StatusBot has no check-in answer or blocker of yours.")]
            : texts.SelectMany(Split).Select(text => (MessageBlock)new TextBlock(text)).ToList();
        var parts = blocks.Chunk(MaxBlocks - 2).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture, $"Your StatusBot data: {answers} answer(s), {blockers} blocker(s)");
        return parts.Select((part, i) => new ChatMessage(
                Kind,
                parts.Count == 1 ? summary : string.Create(CultureInfo.InvariantCulture, $"{summary} (part {i + 1} of {parts.Count})"),
                [new HeaderBlock(parts.Count == 1 ? "Your StatusBot data" : string.Create(CultureInfo.InvariantCulture, $"Your StatusBot data, part {i + 1} of {parts.Count}")), .. part,
                 new ContextBlock("Every check-in answer you gave and every blocker you raised, in every program of this workspace, oldest first.")]))
            .ToList();
    }

    private static IEnumerable<string> Split(string text)
    {
        for (var start = 0; start < text.Length; start += MaxBlockText)
        {
            yield return text.Substring(start, Math.Min(MaxBlockText, text.Length - start));
        }
    }

    private static string CheckInStatusDisplay(CheckIns.CheckInStatus status) => status switch
    {
        CheckIns.CheckInStatus.OnTrack => "on track",
        CheckIns.CheckInStatus.AtRisk => "at risk",
        _ => "off track",
    };
}
