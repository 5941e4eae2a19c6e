using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Digests;

/// <summary>
/// Posts a program's weekly digest: re-evaluates dependencies and escalates aged blockers (so the digest shows
/// today's truth), builds the digest, stores its snapshot and queues one message per bound channel, all in one unit
/// of work. The snapshot is unique per program and week: a second publish for the same week, even a concurrent one
/// on another instance, posts nothing.
/// </summary>
public sealed class DigestPublisher(
    IStatusBotStore store,
    IDependencyEvaluator evaluator,
    EscalateBlockers escalateBlockers,
    DigestModelLoader loader,
    DigestOptions options,
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

        await evaluator.EvaluateAsync(session, programId, cancellationToken);
        await escalateBlockers.EscalateAsync(session, programId, weekOf, cancellationToken);
        var model = await loader.LoadAsync(session, programId, weekOf, cancellationToken);
        var message = DigestRenderer.Render(model, options.MaxBlocks);
        var now = time.GetUtcNow();
        var stored = await session.DigestSnapshots.TryAddAsync(
            new DigestSnapshot { ProgramId = programId, WeekOf = weekOf, Status = CheckInStatusDisplay.Badge(model.Rollup.Status), Message = message, CreatedAt = now },
            cancellationToken);
        if (!stored)
        {
            return null; // Another publisher stored this week first; it posts.
        }

        var channels = await session.Programs.ListChannelsAsync(programId, cancellationToken);
        foreach (var channel in channels)
        {
            var destination = Destination.Channel(channel.ChannelRef);
            await session.Outbox.EnqueueAsync(
                new OutboxMessage
                {
                    WorkspaceId = destination.WorkspaceId,
                    Destination = destination,
                    Message = message,
                    DedupKey = $"digest:{programId}:{weekOf:yyyy-MM-dd}:channel:{channel.ChannelRef}",
                    ProgramId = programId,
                    CreatedAt = now,
                    NextAttemptAt = now,
                },
                cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return channels.Count;
    }
}
