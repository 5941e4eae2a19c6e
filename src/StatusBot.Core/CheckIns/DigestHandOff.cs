using StatusBot.Core.Digests;
using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// What closing a cycle means for the digest. With a digest slot configured (<c>program digest …</c>) nothing: the
/// slot publishes the latest complete week at its time, and closing check-ins never posts early. Without a slot, the
/// close of the program's last open cycle of the week publishes that week (<see cref="WeekCompletion"/>).
/// </summary>
public sealed class DigestHandOff(IStatusBotStore store, IDigestPublisher publisher, WeekCompletion completion)
{
    /// <summary>True when the week was complete and handed to the digest.</summary>
    public async Task<bool> HandOffIfWeekClosedAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var program = await session.Programs.GetAsync(programId, cancellationToken);
            if (program is null || program.DigestSlot is not null || !await completion.IsClosedAsync(session, programId, weekOf, cancellationToken))
            {
                return false;
            }
        }

        await publisher.PublishAsync(programId, weekOf, cancellationToken);
        return true;
    }

    public async Task<bool> IsWeekClosedAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return await completion.IsClosedAsync(session, programId, weekOf, cancellationToken);
    }
}
