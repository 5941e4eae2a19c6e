using StatusBot.Core.Messages;

namespace StatusBot.Core.Digests;

/// <summary>The digest of one program's week as it was posted; (program, week) is unique, so a week posts once.</summary>
public sealed record DigestSnapshot
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required DateOnly WeekOf { get; init; }
    public required StatusBadge Status { get; init; }
    public required ChatMessage Message { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The <c>digest_snapshots</c> table: history, and the once-per-week guard of the publisher.</summary>
public interface IDigestSnapshotRepository
{
    /// <summary>Stores the snapshot unless the week has one; true when this call stored it.</summary>
    Task<bool> TryAddAsync(DigestSnapshot snapshot, CancellationToken cancellationToken);

    Task<DigestSnapshot?> FindAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken);

    /// <summary>The program's snapshots, newest week first.</summary>
    Task<IReadOnlyList<DigestSnapshot>> ListAsync(long programId, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces a stored week's message and status (the week was posted again).</summary>
    Task UpdateAsync(DigestSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The outbox row of the first post of the program's week to a channel, which later posts of that week replace.</summary>
    Task<long?> FindFirstPostAsync(long programId, DateOnly weekOf, string channelRef, CancellationToken cancellationToken);

    /// <summary>Records the first post of a week to a channel (kept when one is recorded already).</summary>
    Task AddFirstPostAsync(long programId, DateOnly weekOf, string channelRef, long outboxId, CancellationToken cancellationToken);

    /// <summary>The first post of each of the program's weeks to each channel, newest week first (<c>digest history</c>).</summary>
    Task<IReadOnlyList<DigestPost>> ListFirstPostsAsync(long programId, CancellationToken cancellationToken);
}

/// <summary>A week's digest went to a channel: the outbox row of its first post there (later posts of the week replace it).</summary>
public sealed record DigestPost
{
    public required DateOnly WeekOf { get; init; }
    public required string ChannelRef { get; init; }
    public required long OutboxId { get; init; }
}
