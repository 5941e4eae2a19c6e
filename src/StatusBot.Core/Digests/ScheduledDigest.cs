using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Digests;

/// <summary>
/// What a program's digest slot does: publish the latest week whose check-ins have all closed, if it is later than the
/// last published week. It never publishes the slot's own week while that week's check-ins are still to happen (an
/// empty digest that would then block the real one), and never an empty week. When nothing has closed since the last
/// published week it posts nothing and says why.
/// </summary>
public sealed class ScheduledDigest(IStatusBotStore store, WeekCompletion completion, IDigestPublisher publisher)
{
    /// <summary>How far back a slot looks for a complete week that was never published (every instance was down).</summary>
    public const int LookBackWeeks = 4;

    public async Task<ScheduledDigestResult> RunAsync(long programId, CancellationToken cancellationToken)
    {
        DateOnly? lastPublished;
        DateOnly? week;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            lastPublished = await session.DigestSnapshots.ListAsync(programId, 1, cancellationToken) is [var latest, ..] ? latest.WeekOf : null;
            week = await completion.LatestClosedWeekAsync(session, programId, lastPublished, LookBackWeeks, cancellationToken);
        }

        if (week is not { } complete)
        {
            return new ScheduledDigestResult(null, lastPublished is { } last
                ? $"no week's check-ins have closed since the week of {last:yyyy-MM-dd} was published"
                : "no week's check-ins have closed yet");
        }

        await publisher.PublishAsync(programId, complete, cancellationToken);
        return new ScheduledDigestResult(complete, null);
    }
}

/// <summary>The week a slot published, or why it published nothing.</summary>
public sealed record ScheduledDigestResult(DateOnly? Published, string? NothingBecause);
