using System.Text;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Conversations;

/// <summary>
/// Reads a conversational check-in answer. The first line (after a <c>team:</c> line) may start with a status: <c>on track</c> /
/// <c>at risk</c> / <c>off track</c>, <c>green</c> / <c>yellow</c> / <c>red</c>, or 🟢 🟡 🔴 (also as Slack's
/// <c>:large_green_circle:</c> codes). Lines labelled <c>progress:</c>, <c>next:</c>, <c>blockers:</c>, <c>note:</c>
/// fill those fields (unlabelled lines continue the last label); <c>team:</c> names the team on a line of its own, first or
/// later (the status may follow it); <c>dep 12 eta 2026-12-18</c> and
/// <c>dep 12 done</c> update dependencies; <c>resolved: 12, 14</c> marks the team's blockers #12 and #14 resolved. Without
/// labels, the text is the progress.
/// </summary>
public static class AnswerParser
{
    public const int MaxLength = 3000;

    /// <summary>The most blockers one answer records.</summary>
    public const int MaxBlockers = 20;

    private static readonly (string Word, CheckInStatus Status)[] StatusWords =
    [
        ("on track", CheckInStatus.OnTrack), ("on-track", CheckInStatus.OnTrack), ("ontrack", CheckInStatus.OnTrack), ("green", CheckInStatus.OnTrack),
        ("\U0001F7E2", CheckInStatus.OnTrack), (":large_green_circle:", CheckInStatus.OnTrack), (":green_circle:", CheckInStatus.OnTrack),
        ("at risk", CheckInStatus.AtRisk), ("at-risk", CheckInStatus.AtRisk), ("yellow", CheckInStatus.AtRisk), ("amber", CheckInStatus.AtRisk),
        ("\U0001F7E1", CheckInStatus.AtRisk), (":large_yellow_circle:", CheckInStatus.AtRisk), (":yellow_circle:", CheckInStatus.AtRisk),
        ("off track", CheckInStatus.OffTrack), ("off-track", CheckInStatus.OffTrack), ("red", CheckInStatus.OffTrack),
        ("\U0001F534", CheckInStatus.OffTrack), (":red_circle:", CheckInStatus.OffTrack), (":large_red_circle:", CheckInStatus.OffTrack),
    ];

    private static readonly string[] Labels = ["progress", "next", "blockers", "blocker", "note", "team"];

    public static ParsedAnswer Parse(string text)
    {
        var lines = (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        CheckInStatus? status = null;
        var fields = Labels.ToDictionary(label => label, _ => new StringBuilder());
        var blockers = new List<string>();
        var deps = new List<DependencyUpdate>();
        var resolved = new List<long>();
        var errors = new List<string>();
        var unlabelled = new StringBuilder();
        string? current = null;
        var first = true;
        foreach (var rawLine in lines)
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (first)
            {
                first = false;
                if (ReadStatus(line, out var found, out var rest))
                {
                    status = found;
                    line = rest;
                    if (line.Length == 0)
                    {
                        continue;
                    }
                }
            }

            if (ReadResolved(line, resolved, errors) || ReadDependency(line, deps, errors))
            {
                current = null;
                continue;
            }

            // "team:" names one team on its own line, and may come first: the status can follow on the next line.
            if (ReadLabel(line, out var team, out var teamName) && team == "team")
            {
                fields["team"].Clear().Append(teamName);
                current = null;
                first = status is null;
                continue;
            }

            if (ReadLabel(line, out var label, out var value))
            {
                current = label == "blocker" ? "blockers" : label;
                line = value;
                if (line.Length == 0)
                {
                    continue;
                }
            }

            if (current == "blockers")
            {
                blockers.AddRange(line.Split(';').Select(b => b.Trim().TrimStart('-', '*', '•').Trim()).Where(b => b.Length > 0 && !IsNone(b)));
            }
            else if (current is not null)
            {
                Append(fields[current], line);
            }
            else
            {
                Append(unlabelled, line);
            }
        }

        var progress = fields["progress"].ToString();
        if (unlabelled.Length > 0)
        {
            progress = progress.Length == 0 ? unlabelled.ToString() : $"{unlabelled}\n{progress}";
        }

        // Too long is refused, not cut: a silently shortened answer loses what the person wrote without telling them.
        var distinctBlockers = blockers.Distinct().ToList();
        CheckLength("progress", progress, errors);
        CheckLength("next", fields["next"].ToString(), errors);
        CheckLength("note", fields["note"].ToString(), errors);
        foreach (var blocker in distinctBlockers)
        {
            CheckLength("blocker", blocker, errors);
        }

        if (distinctBlockers.Count > MaxBlockers)
        {
            errors.Add($"That is {distinctBlockers.Count} blockers; one answer takes up to {MaxBlockers}.");
        }

        return new ParsedAnswer(
            status,
            progress,
            fields["next"].ToString(),
            distinctBlockers,
            deps,
            fields["note"].Length == 0 ? null : fields["note"].ToString(),
            fields["team"].Length == 0 ? null : fields["team"].ToString(),
            errors,
            resolved.Distinct().ToList());
    }

    private static bool ReadStatus(string line, out CheckInStatus status, out string rest)
    {
        foreach (var (word, value) in StatusWords)
        {
            if (line.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (line.Length == word.Length || !char.IsLetterOrDigit(line[word.Length]) || !char.IsLetter(word[^1])))
            {
                status = value;
                rest = line[word.Length..].TrimStart(' ', ',', '.', ':', '-', '!', '\u2013', '\u2014').Trim();
                return true;
            }
        }

        status = default;
        rest = line;
        return false;
    }

    private static bool ReadLabel(string line, out string label, out string value)
    {
        foreach (var candidate in Labels)
        {
            if (line.Length > candidate.Length && line.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) && line[candidate.Length] == ':')
            {
                label = candidate;
                value = line[(candidate.Length + 1)..].Trim();
                return true;
            }
        }

        label = value = string.Empty;
        return false;
    }

    /// <summary><c>resolved: 12</c>, <c>resolved: #12, #14</c> (commas or spaces); a line that starts so without ids is an error.</summary>
    private static bool ReadResolved(string line, List<long> resolved, List<string> errors)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || line[..colon].Trim() is not { } word
            || !(word.Equals("resolved", StringComparison.OrdinalIgnoreCase) || word.Equals("resolve", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var parts = line[(colon + 1)..].Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            errors.Add("resolved: needs the ids of the blockers, e.g. resolved: 12, 14.");
            return true;
        }

        foreach (var part in parts)
        {
            if (Values.TryId(part, out var id, out _))
            {
                resolved.Add(id);
            }
            else
            {
                errors.Add($"resolved: '{InlineMarkup.Escape(part)}' is not a blocker id; write resolved: 12, 14 with the ids the blockers list shows.");
            }
        }

        return true;
    }

    /// <summary><c>dep 12 eta 2026-12-18</c> or <c>dep #12 done</c>; a line that starts so but is malformed is an error.</summary>
    private static bool ReadDependency(string line, List<DependencyUpdate> deps, List<string> errors)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !words[0].Equals("dep", StringComparison.OrdinalIgnoreCase) || !Values.TryId(words[1], out var id, out _))
        {
            return false;
        }

        switch (words)
        {
            case [_, _, var done] when done.Equals("done", StringComparison.OrdinalIgnoreCase) || done.Equals("delivered", StringComparison.OrdinalIgnoreCase):
                deps.Add(new DependencyUpdate(id, null, Delivered: true));
                break;
            case [_, _, var eta, var date] when eta.Equals("eta", StringComparison.OrdinalIgnoreCase):
                if (Values.TryDate(date, out var day, out var error))
                {
                    deps.Add(new DependencyUpdate(id, day, Delivered: false));
                }
                else
                {
                    errors.Add($"dep {id}: {error}");
                }

                break;
            default:
                errors.Add($"'{InlineMarkup.Escape(line)}' is not a dependency update; write dep {id} eta YYYY-MM-DD or dep {id} done.");
                break;
        }

        return true;
    }

    private static bool IsNone(string text) =>
        text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("n/a", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text == "-";

    private static void Append(StringBuilder builder, string line)
    {
        if (builder.Length > 0)
        {
            builder.Append('\n');
        }

        builder.Append(line);
    }

    private static void CheckLength(string field, string text, List<string> errors)
    {
        if (text.Length > MaxLength)
        {
            errors.Add($"The {field} is {text.Length} characters; keep it under {MaxLength}.");
        }
    }
}
