using System.Diagnostics;
using System.Globalization;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Observability;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Digests;

/// <summary>
/// Posts a program's weekly digest: re-evaluates dependencies and escalates aged blockers (so the digest shows
/// today's truth), builds the digest, stores its snapshot and queues one message per bound channel, all in one unit
/// of work. The snapshot is unique per program and week: a second publish for the same week, even a concurrent one
/// on another instance, posts nothing.
/// </summary>
/// <remarks>
/// Every post of a week to a channel after the first replaces that first message (<see cref="OutboxMessage.ReplacesId"/>:
/// Slack updates it in place with <c>chat.update</c>, the playground shows the new content where the old was), so a
/// channel holds one message per week: a mid-week "as of" post becomes the week's digest when the week is published.
/// </remarks>
public sealed class DigestPublisher(
    IStatusBotStore store,
    IDependencyEvaluator evaluator,
    EscalateBlockers escalateBlockers,
    DigestModelLoader loader,
    DigestOptions options,
    WeekCompletion completion,
    TimeProvider time) : IDigestPublisher
{
    public async Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) =>
        await PublishAndReportAsync(programId, weekOf, cancellationToken);

    /// <summary>As <see cref="PublishAsync"/>, returning the number of channels posted to, or null when the week was already published.</summary>
    public async Task<int?> PublishAndReportAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        weekOf = BlockerAge.MondayOf(weekOf); // one snapshot per week, whichever day of it was asked for
        await using var session = await store.BeginAsync(cancellationToken);
        if (await session.DigestSnapshots.FindAsync(programId, weekOf, cancellationToken) is not null)
        {
            return null;
        }

        var (model, message) = await BuildAsync(session, programId, weekOf, asOf: false, cancellationToken);
        var now = time.GetUtcNow();
        var stored = await session.DigestSnapshots.TryAddAsync(
            new DigestSnapshot { ProgramId = programId, WeekOf = weekOf, Status = CheckInStatusDisplay.Badge(model.Rollup.Status), Message = message, CreatedAt = now },
            cancellationToken);
        if (!stored)
        {
            return null; // Another publisher stored this week first; it posts.
        }

        var channels = await EnqueueAsync(session, programId, weekOf, message, revision: null, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return channels;
    }

    /// <summary>
    /// <c>digest post</c>: posts the week now, whatever its state. A complete week not yet published is published (as the
    /// slot would); a published week is posted again, replacing the earlier message and the stored snapshot; a week whose
    /// check-ins are still open is posted "as of" now and stores no snapshot, so the scheduled digest still publishes it.
    /// </summary>
    public async Task<DigestPostResult> PostNowAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        weekOf = BlockerAge.MondayOf(weekOf);
        DigestSnapshot? published;
        bool complete;
        await using (var check = await store.BeginAsync(cancellationToken))
        {
            published = await check.DigestSnapshots.FindAsync(programId, weekOf, cancellationToken);
            complete = published is not null || await completion.IsClosedAsync(check, programId, weekOf, cancellationToken);
        }

        if (published is null && complete)
        {
            return new DigestPostResult(DigestPostKind.Published, weekOf, await PublishAndReportAsync(programId, weekOf, cancellationToken) ?? 0);
        }

        await using var session = await store.BeginAsync(cancellationToken);
        var (model, message) = await BuildAsync(session, programId, weekOf, asOf: !complete, cancellationToken);
        var now = time.GetUtcNow();
        if (published is not null)
        {
            await session.DigestSnapshots.UpdateAsync(published with { Status = CheckInStatusDisplay.Badge(model.Rollup.Status), Message = message }, cancellationToken);
        }

        var revision = string.Create(CultureInfo.InvariantCulture, $"{(complete ? "repost" : "asof")}:{now.ToUnixTimeMilliseconds()}");
        var channels = await EnqueueAsync(session, programId, weekOf, message, revision, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new DigestPostResult(complete ? DigestPostKind.Reposted : DigestPostKind.AsOf, weekOf, channels);
    }

    private async Task<(DigestModel Model, ChatMessage Message)> BuildAsync(IStoreSession session, long programId, DateOnly weekOf, bool asOf, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await evaluator.EvaluateAsync(session, programId, cancellationToken);
        await escalateBlockers.EscalateAsync(session, programId, weekOf, cancellationToken);
        var model = await loader.LoadAsync(session, programId, weekOf, cancellationToken);
        if (asOf)
        {
            var zone = (await TeamCalendar.LoadAsync(session, programId, cancellationToken)).ProgramZone;
            model = model with { AsOf = InlineMarkup.Instant(time.GetUtcNow(), zone.Id) };
        }

        var message = DigestRenderer.Render(model, options.MaxBlocks);
        StatusBotTelemetry.RecordDigestBuild("publish", Stopwatch.GetElapsedTime(started));
        return (model, message);
    }

    /// <summary>One row per channel; a later post of the week replaces the channel's first one.</summary>
    private static async Task<int> EnqueueAsync(
        IStoreSession session, long programId, DateOnly weekOf, ChatMessage message, string? revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channels = await session.Programs.ListChannelsAsync(programId, cancellationToken);
        foreach (var channel in channels)
        {
            var destination = Destination.Channel(channel.ChannelRef);
            var first = await session.DigestSnapshots.FindFirstPostAsync(programId, weekOf, channel.ChannelRef, cancellationToken);
            var dedupKey = $"digest:{programId}:{weekOf:yyyy-MM-dd}:channel:{channel.ChannelRef}{(revision is null ? string.Empty : ":" + revision)}";
            var added = await session.Outbox.EnqueueAsync(
                new OutboxMessage
                {
                    WorkspaceId = destination.WorkspaceId,
                    Destination = destination,
                    Message = message,
                    DedupKey = dedupKey,
                    ProgramId = programId,
                    CreatedAt = now,
                    NextAttemptAt = now,
                    ReplacesId = first,
                },
                cancellationToken);
            if (added && first is null && await session.Outbox.FindByDedupKeyAsync(dedupKey, cancellationToken) is { } row)
            {
                await session.DigestSnapshots.AddFirstPostAsync(programId, weekOf, channel.ChannelRef, row.Id, cancellationToken);
            }
        }

        return channels.Count;
    }
}

/// <summary>What <see cref="DigestPublisher.PostNowAsync"/> did.</summary>
public sealed record DigestPostResult(DigestPostKind Kind, DateOnly WeekOf, int Channels);

public enum DigestPostKind
{
    /// <summary>The week was complete and is now published.</summary>
    Published,

    /// <summary>The week was published before; its message was replaced with the current state.</summary>
    Reposted,

    /// <summary>The week's check-ins are still open: posted "as of" now; the week's digest follows.</summary>
    AsOf,
}
