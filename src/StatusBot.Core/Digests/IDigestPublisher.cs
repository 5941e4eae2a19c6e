namespace StatusBot.Core.Digests;

/// <summary>
/// The hand-off from the check-in engine to the digest: called when every team of a program has closed
/// its cycle for the week, and at the program's digest slot. Implementations must be idempotent per week.
/// </summary>
public interface IDigestPublisher
{
    Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);
}
