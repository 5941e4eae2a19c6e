using StatusBot.Core.Delivery;

namespace StatusBot.Data.Delivery;

internal sealed class ConversationReferenceRepository(DapperStoreSession db) : IConversationReferenceRepository
{
    private const string Columns = "address, service_url, conversation_id, platform_user_id, updated_at";

    // A roster fetch knows the member but not the 1:1 conversation: it must not erase one an activity already gave.
    public Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into conversation_references (address, service_url, conversation_id, platform_user_id, updated_at)
            values (@Address, @ServiceUrl, @ConversationId, @PlatformUserId, @UpdatedAt)
            on conflict (address) do update set
                service_url = excluded.service_url,
                conversation_id = coalesce(excluded.conversation_id, conversation_references.conversation_id),
                platform_user_id = coalesce(excluded.platform_user_id, conversation_references.platform_user_id),
                updated_at = excluded.updated_at
            """,
            reference,
            cancellationToken);

    public Task<ConversationReference?> GetAsync(string address, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<ConversationReference>(
            $"select {Columns} from conversation_references where address = @address", new { address }, cancellationToken);

    public Task<ConversationReference?> FindByPlatformUserIdAsync(string addressPrefix, string platformUserId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<ConversationReference>(
            $"""
            select {Columns} from conversation_references
            where platform_user_id = @platformUserId and substr(address, 1, length(@addressPrefix)) = @addressPrefix
            order by updated_at desc, address
            limit 1
            """,
            new { platformUserId, addressPrefix },
            cancellationToken);
}
