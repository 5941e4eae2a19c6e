using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;

namespace StatusBot.Data.Delivery;

internal sealed class OutboxRepository(DapperStoreSession db) : IOutboxRepository
{
    private const string Columns =
        "id, workspace_id, destination_kind, destination_address, message, dedup_key, program_id, state, attempts, " +
        "created_at, next_attempt_at, delivered_at, platform_message_id, failure_reason";

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            insert into outbox (workspace_id, destination_kind, destination_address, message, dedup_key, program_id, state,
                                attempts, created_at, next_attempt_at)
            values (@WorkspaceId, @DestinationKind, @DestinationAddress, @Message, @DedupKey, @ProgramId, @State,
                    0, @CreatedAt, @NextAttemptAt)
            on conflict (dedup_key) do nothing
            """,
            new
            {
                message.WorkspaceId,
                DestinationKind = message.Destination.Kind.ToString(),
                DestinationAddress = message.Destination.Address,
                Message = MessageJson.Serialize(message.Message),
                message.DedupKey,
                message.ProgramId,
                State = nameof(OutboxState.Pending),
                message.CreatedAt,
                message.NextAttemptAt,
            },
            cancellationToken) > 0;

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<OutboxRow>($"select {Columns} from outbox where id = @id", new { id }, cancellationToken))?.ToMessage();

    public async Task<OutboxMessage?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<OutboxRow>($"select {Columns} from outbox where dedup_key = @dedupKey", new { dedupKey }, cancellationToken))?.ToMessage();

    public async Task<IReadOnlyList<OutboxMessage>> ListDeliveredAsync(
        string workspaceId, string personIdentity, long afterId, int limit, CancellationToken cancellationToken) =>
        (await db.QueryAsync<OutboxRow>(
            $"""
            select {Columns} from outbox
            where workspace_id = @workspaceId and state = @delivered and id > @afterId
              and (destination_kind = @channel or destination_address = @personIdentity)
            order by id
            limit @limit
            """,
            new
            {
                workspaceId,
                personIdentity,
                afterId,
                limit,
                delivered = nameof(OutboxState.Delivered),
                channel = nameof(DestinationKind.Channel),
            },
            cancellationToken))
        .Select(row => row.ToMessage())
        .ToList();

    /// <summary>The flat row; the destination and the message are value objects in the core.</summary>
    internal sealed class OutboxRow
    {
        public long Id { get; init; }
        public string WorkspaceId { get; init; } = "";
        public string DestinationKind { get; init; } = "";
        public string DestinationAddress { get; init; } = "";
        public string Message { get; init; } = "";
        public string DedupKey { get; init; } = "";
        public long? ProgramId { get; init; }
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public string? PlatformMessageId { get; init; }
        public string? FailureReason { get; init; }

        public OutboxMessage ToMessage() => new()
        {
            Id = Id,
            WorkspaceId = WorkspaceId,
            Destination = new Destination(Enum.Parse<DestinationKind>(DestinationKind), DestinationAddress),
            Message = MessageJson.Deserialize(Message),
            DedupKey = DedupKey,
            ProgramId = ProgramId,
            State = Enum.Parse<OutboxState>(State),
            Attempts = Attempts,
            CreatedAt = CreatedAt,
            NextAttemptAt = NextAttemptAt,
            DeliveredAt = DeliveredAt,
            PlatformMessageId = PlatformMessageId,
            FailureReason = FailureReason,
        };
    }
}
