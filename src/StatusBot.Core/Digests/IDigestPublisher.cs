namespace StatusBot.Core.Digests;

/// <summary>
/// The hand-off from the check-in engine to the digest: called at the program's digest slot with the latest complete
/// week (<see cref="ScheduledDigest"/>), or, for a program without a slot, when every team has closed its cycle for the
/// week. Implementations must be idempotent per week.
/// </summary>
public interface IDigestPublisher
{
    Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);

    /// <summary>
    /// <c>digest post</c>: the week now, whatever its state (see <see cref="DigestPublisher.PostNowAsync"/>). The default
    /// publishes the week, for publishers that know no other way.
    /// </summary>
    async Task<DigestPostResult> PostNowAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        await PublishAsync(programId, weekOf, cancellationToken);
        return new DigestPostResult(DigestPostKind.Published, weekOf, 0);
    }
}
