using StatusBot.Core.Delivery;
using StatusBot.Core.Storage;

namespace StatusBot.MicrosoftTeams.Delivery;

/// <summary>
/// The conversation references the outbound path reads and completes, each call in its own short committed session:
/// a send holds no transaction open across the network call (the outbox's rule).
/// </summary>
internal sealed class StoredConversationReferences(IStatusBotStore store)
{
    public async Task<ConversationReference?> GetAsync(string address, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.ConversationReferences.GetAsync(address, cancellationToken);
    }

    /// <summary>Stores the reference (a newly created 1:1's conversation id, so it is reused from then on).</summary>
    public async Task SaveAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        await session.ConversationReferences.UpsertAsync(reference, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
