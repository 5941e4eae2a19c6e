using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Delivery;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// <c>digest history &lt;program&gt;</c>: the program's past digests, newest week first: the week, its status as published,
/// when it was published and, per channel, when its first post there was delivered (in the reader's zone). The dashboard
/// has no view of a past week, so the one link is a fresh signed link to the dashboard as it is now, and says so.
/// </summary>
public sealed class DigestHistoryVerb(IProgramLinks? links = null) : ICommandVerb
{
    /// <summary>Half a year of weeks keeps the reply readable; the export holds the rest.</summary>
    public const int MaxWeeks = 26;

    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        var ct = context.CancellationToken;
        var snapshots = (await context.Session.DigestSnapshots.ListAsync(program.Id, MaxWeeks, ct)).ToDictionary(s => s.WeekOf);
        var posts = (await context.Session.DigestSnapshots.ListFirstPostsAsync(program.Id, ct)).ToLookup(p => p.WeekOf);
        var channels = (await context.Session.Programs.ListChannelsAsync(program.Id, ct)).ToDictionary(c => c.ChannelRef, c => c.DisplayName);
        var zone = context.Caller.TimeZone;

        var lines = new List<string>();
        foreach (var week in snapshots.Keys.Union(posts.Select(p => p.Key)).OrderDescending().Take(MaxWeeks))
        {
            var line = $"{InlineMarkup.Bold($"Week of {Names.Iso(week)}")} · ";
            line += snapshots.TryGetValue(week, out var snapshot)
                ? $"{Status(snapshot.Status)} · published {InlineMarkup.Instant(snapshot.CreatedAt, zone)}"
                : "posted as of a moment when its check-ins were still open; not published";
            var sent = new List<string>();
            foreach (var post in posts[week])
            {
                var where = Names.Plain(channels.GetValueOrDefault(post.ChannelRef, post.ChannelRef));
                var row = await context.Session.Outbox.GetAsync(post.OutboxId, ct);
                sent.Add(row switch
                {
                    { State: OutboxState.Delivered, DeliveredAt: { } at } => $"{where} {InlineMarkup.Instant(at, zone)}",
                    { State: OutboxState.Failed } failed => $"{where} not delivered ({Names.Plain(failed.FailureReason ?? "failed")})",
                    { } => $"{where} queued",
                    null => $"{where} (delivery record removed)",
                });
            }

            lines.Add(sent.Count == 0 ? line : $"{line} · posted to {string.Join(", ", sent)}");
        }

        var reply = CommandReplies.List($"Digest history — {program.Name}", lines, "No digest has been posted yet.");
        return links is null || lines.Count == 0
            ? reply
            : reply with { Blocks = [.. reply.Blocks, new ContextBlock($"The dashboard shows the current week (it has no view of a past week): {InlineMarkup.Link("open the dashboard", links.LinkFor(program.Id))}")] };
    }

    private static string Status(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => "on track",
        StatusBadge.AtRisk => "at risk",
        StatusBadge.OffTrack => "off track",
        _ => "no status",
    };
}
