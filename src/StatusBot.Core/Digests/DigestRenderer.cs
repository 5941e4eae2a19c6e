using System.Globalization;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Digests;

/// <summary>
/// Renders a <see cref="DigestModel"/> as the neutral <c>digest</c> message, most important first, within a block
/// budget: when the sections do not fit, the last blocks are cut and replaced by "…and N more" with a link to the
/// program page, so the headline and the worst news always survive.
/// </summary>
public static class DigestRenderer
{
    public const string Kind = "digest";

    public static ChatMessage Render(DigestModel model, int maxBlocks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 6);

        var head = Headline(model);
        var sections = new List<(string Title, List<MessageBlock> Items)>
        {
            ("Teams", model.Teams.Select(TeamBlock).ToList()),
            ("Slipped and at-risk dependencies", model.Dependencies.Select(DependencyBlock).ToList()),
            ("Blockers", BlockerBlocks(model)),
            ("Top risks", model.Risks.Select(RiskBlock).ToList()),
            ("Decisions this week", model.Decisions.Select(d => (MessageBlock)new TextBlock($"{InlineMarkup.Escape(d.Text)} — {d.DecidedBy}, {d.DecidedAt:yyyy-MM-dd}")).ToList()),
            ("Did not answer", NotAnswered(model)),
        };

        var link = InlineMarkup.Link("Open the program page", model.WebUrl);
        var blocks = new List<MessageBlock>(head);
        var total = sections.Sum(s => s.Items.Count);
        var shown = 0;

        // One block stays free for the footer; a section title is only worth its block with at least one item after it.
        foreach (var (title, items) in sections.Where(s => s.Items.Count > 0))
        {
            if (blocks.Count + 2 > maxBlocks - 1)
            {
                break;
            }

            blocks.Add(new TextBlock(InlineMarkup.Bold(title)));
            foreach (var item in items)
            {
                if (blocks.Count + 1 > maxBlocks - 1)
                {
                    break;
                }

                blocks.Add(item);
                shown++;
            }
        }

        var cut = total - shown;
        blocks.Add(new ContextBlock(cut > 0 ? $"…and {cut} more. {link}" : link));
        return new ChatMessage(Kind, Summary(model), blocks);
    }

    private static List<MessageBlock> Headline(DigestModel model)
    {
        var r = model.Rollup;
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock($"{model.ProgramName} — week of {model.WeekOf:yyyy-MM-dd}"),
            new StatusBlock(CheckInStatusDisplay.Badge(r.Status), CheckInStatusDisplay.Words(r.Status), r.Overridden ? InlineMarkup.Escape(r.Override!.Reason) : r.ComputedReason),
        };
        if (model.AsOf is { } asOf)
        {
            blocks.Add(new ContextBlock($"As of {asOf}: this week's check-ins have not all closed yet; this message is updated when they have."));
        }

        if (r.Overridden)
        {
            blocks.Add(new ContextBlock($"Status set by {model.OverriddenBy ?? "a TPM"} on {r.Override!.SetAt:yyyy-MM-dd}; the rules say {CheckInStatusDisplay.Words(r.Computed).ToLowerInvariant()}: {r.ComputedReason}"));
        }

        if (model.Action is { } action)
        {
            blocks.Add(new TextBlock($"{InlineMarkup.Bold("What is being done:")} {action}"));
        }

        return blocks;
    }

    private static string Summary(DigestModel model) =>
        $"{model.ProgramName}, week of {model.WeekOf:yyyy-MM-dd}{(model.AsOf is { } asOf ? $" (as of {InlineMarkup.ToPlainText(asOf)})" : string.Empty)}: {CheckInStatusDisplay.Words(model.Rollup.Status).ToLowerInvariant()}. {InlineMarkup.ToPlainText(model.Rollup.Overridden ? model.Rollup.Override!.Reason : model.Rollup.ComputedReason)}";

    private static MessageBlock TeamBlock(TeamLine team)
    {
        var parts = new List<string>
        {
            team.Trend switch { Trend.Better => "↑", Trend.Worse => "↓", _ => "→" },
            team.Asked == 0 ? "no check-in this week" : $"{team.Answered}/{team.Asked} answered ({Percent(team.Answered, team.Asked)})",
        };
        if (team.TopBlocker is { } blocker)
        {
            parts.Add($"blocker: {InlineMarkup.Escape(blocker)}");
        }

        return new StatusBlock(team.Status is { } s ? CheckInStatusDisplay.Badge(s) : StatusBadge.Unknown, team.Name, string.Join(" · ", parts));
    }

    private static MessageBlock DependencyBlock(DependencyLine d)
    {
        var eta = d.Eta is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none";
        var parts = new List<string>
        {
            $"{InlineMarkup.Escape(d.Provider)} → {InlineMarkup.Escape(d.Consumer)}",
            d.State == DependencyState.Slipped ? $"slipped {DependencyStateMessage.Days(d.SlipDays)}" : "at risk",
            $"need-by {d.NeedBy:yyyy-MM-dd}, ETA {eta}",
        };
        if (d.OnCriticalPath)
        {
            parts.Add("critical path");
        }

        if (d.Impact is { Nodes.Count: > 0 } impact)
        {
            parts.Add("impact: " + DependencyStateMessage.DescribeImpact(impact));
        }

        return new StatusBlock(DependencyStateMessage.Badge(d.State), d.What, string.Join(" · ", parts));
    }

    private static MessageBlock BlockerBlock(BlockerLine b) =>
        new TextBlock(
            $"{InlineMarkup.Bold(b.Escalated ? "Escalated" : "New")} #{b.BlockerId} · {InlineMarkup.Escape(b.Team)} · {InlineMarkup.Escape(b.Text)} — {b.Owner}, open {b.CyclesOpen} {(b.CyclesOpen == 1 ? "check-in" : "check-ins")}");

    /// <summary>New and escalated blockers, then how many were resolved this week (a recorded fact, with their ids).</summary>
    private static List<MessageBlock> BlockerBlocks(DigestModel model)
    {
        var blocks = model.Blockers.Where(b => b.Escalated || b.IsNew)
            .OrderByDescending(b => b.Escalated).ThenByDescending(b => b.CyclesOpen).ThenBy(b => b.BlockerId)
            .Select(BlockerBlock)
            .ToList();
        if (model.ResolvedThisWeek.Count > 0)
        {
            const int MaxIds = 10;
            var ids = string.Join(", ", model.ResolvedThisWeek.Take(MaxIds).Select(id => "#" + id.ToString(CultureInfo.InvariantCulture)));
            var more = model.ResolvedThisWeek.Count > MaxIds ? $" and {model.ResolvedThisWeek.Count - MaxIds} more" : string.Empty;
            var count = model.ResolvedThisWeek.Count == 1 ? "1 blocker" : $"{model.ResolvedThisWeek.Count} blockers";
            blocks.Add(new TextBlock($"{InlineMarkup.Bold("Resolved this week:")} {count} ({ids}{more})"));
        }

        return blocks;
    }

    private static MessageBlock RiskBlock(RiskLine r)
    {
        var parts = new List<string> { $"{InlineMarkup.Bold(r.Score.ToString(CultureInfo.InvariantCulture))} {InlineMarkup.Escape(r.Title)}" };
        if (r.Owner is { } owner)
        {
            parts.Add($"owner {owner}");
        }

        if (r.Mitigation is { Length: > 0 } mitigation)
        {
            parts.Add($"mitigation: {InlineMarkup.Escape(mitigation)}");
        }

        if (r.ReviewOverdue)
        {
            parts.Add($"{InlineMarkup.Bold("review overdue")} since {r.ReviewDate:yyyy-MM-dd}");
        }

        return new TextBlock(string.Join(" · ", parts));
    }

    /// <summary>One block for everyone, grouped by team: a long list of names must not eat the budget of the news above it.</summary>
    private static List<MessageBlock> NotAnswered(DigestModel model)
    {
        if (model.NotAnswered.Count == 0)
        {
            return [];
        }

        const int MaxNames = 30;
        var named = 0;
        var groups = new List<string>();
        foreach (var (team, people) in model.NotAnswered)
        {
            var take = people.Take(Math.Max(0, MaxNames - named)).ToList();
            named += take.Count;
            if (take.Count > 0)
            {
                groups.Add($"{InlineMarkup.Escape(team)}: {string.Join(", ", take)}");
            }
        }

        var remaining = model.NotAnswered.Sum(g => g.People.Count) - named;
        var text = string.Join("; ", groups) + (remaining > 0 ? $"; and {remaining} more" : string.Empty);
        return [new TextBlock(text)];
    }

    private static string Percent(int part, int whole) => (part * 100 / whole).ToString(CultureInfo.InvariantCulture) + "%";
}
