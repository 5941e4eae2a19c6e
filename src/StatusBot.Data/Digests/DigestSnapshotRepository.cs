using StatusBot.Core.Digests;
using StatusBot.Core.Messages;

namespace StatusBot.Data.Digests;

internal sealed class DigestSnapshotRepository(DapperStoreSession db) : IDigestSnapshotRepository
{
    public async Task<bool> TryAddAsync(DigestSnapshot snapshot, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            insert into digest_snapshots (program_id, week_of, status, message, created_at)
            values (@ProgramId, @WeekOf, @Status, @Message, @CreatedAt)
            on conflict (program_id, week_of) do nothing
            """,
            new
            {
                snapshot.ProgramId,
                snapshot.WeekOf,
                Status = snapshot.Status.ToString(),
                Message = MessageJson.Serialize(snapshot.Message),
                snapshot.CreatedAt,
            },
            cancellationToken) > 0;

    public async Task<DigestSnapshot?> FindAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<SnapshotRow>(
            "select * from digest_snapshots where program_id = @programId and week_of = @weekOf", new { programId, weekOf }, cancellationToken))?.ToSnapshot();

    public async Task<IReadOnlyList<DigestSnapshot>> ListAsync(long programId, int limit, CancellationToken cancellationToken) =>
        (await db.QueryAsync<SnapshotRow>(
            "select * from digest_snapshots where program_id = @programId order by week_of desc limit @limit", new { programId, limit }, cancellationToken))
        .Select(row => row.ToSnapshot())
        .ToList();

    public Task UpdateAsync(DigestSnapshot snapshot, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update digest_snapshots set status = @Status, message = @Message where program_id = @ProgramId and week_of = @WeekOf",
            new { snapshot.ProgramId, snapshot.WeekOf, Status = snapshot.Status.ToString(), Message = MessageJson.Serialize(snapshot.Message) },
            cancellationToken);

    public Task<long?> FindFirstPostAsync(long programId, DateOnly weekOf, string channelRef, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<long?>(
            "select outbox_id from digest_posts where program_id = @programId and week_of = @weekOf and channel_ref = @channelRef",
            new { programId, weekOf, channelRef },
            cancellationToken);

    public Task AddFirstPostAsync(long programId, DateOnly weekOf, string channelRef, long outboxId, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into digest_posts (program_id, week_of, channel_ref, outbox_id) values (@programId, @weekOf, @channelRef, @outboxId)
            on conflict (program_id, week_of, channel_ref) do nothing
            """,
            new { programId, weekOf, channelRef, outboxId },
            cancellationToken);

    public Task<IReadOnlyList<DigestPost>> ListFirstPostsAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<DigestPost>(
            "select week_of, channel_ref, outbox_id from digest_posts where program_id = @programId order by week_of desc, channel_ref",
            new { programId },
            cancellationToken);

    /// <summary>The flat row: the message is stored as its neutral JSON.</summary>
    internal sealed class SnapshotRow
    {
        public long Id { get; init; }
        public long ProgramId { get; init; }
        public DateOnly WeekOf { get; init; }
        public string Status { get; init; } = "";
        public string Message { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }

        public DigestSnapshot ToSnapshot() => new()
        {
            Id = Id,
            ProgramId = ProgramId,
            WeekOf = WeekOf,
            Status = Enum.Parse<StatusBadge>(Status),
            Message = MessageJson.Deserialize(Message),
            CreatedAt = CreatedAt,
        };
    }
}
