using StatusBot.Core.Messages;

namespace StatusBot.Core.Digests;

/// <summary>Builds the program's 30-second view (the digest) for a week, without posting it: for <c>status</c> and <c>digest preview</c>.</summary>
public interface IDigestBuilder
{
    Task<ChatMessage> BuildAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);
}
