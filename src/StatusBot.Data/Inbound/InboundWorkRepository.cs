using StatusBot.Core.Inbound;

namespace StatusBot.Data.Inbound;

internal sealed class InboundWorkRepository(DapperStoreSession db) : IInboundWorkRepository
{
    private const string Columns =
        "id, kind, workspace_id, payload, dedup_key, state, attempts, created_at, next_attempt_at, done_at, last_error";

    public async Task<long?> AddAsync(InboundWork work, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<long?>(
            """
            insert into inbound_work (kind, workspace_id, payload, dedup_key, state, attempts, created_at, next_attempt_at)
            values (@Kind, @WorkspaceId, @Payload, @DedupKey, @State, 0, @CreatedAt, @NextAttemptAt)
            on conflict (dedup_key) do nothing
            returning id
            """,
            new
            {
                work.Kind,
                work.WorkspaceId,
                work.Payload,
                work.DedupKey,
                State = nameof(InboundWorkState.Pending),
                work.CreatedAt,
                work.NextAttemptAt,
            },
            cancellationToken);

    public async Task<InboundWork?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<Row>($"select {Columns} from inbound_work where id = @id", new { id }, cancellationToken))?.ToWork();

    public async Task<IReadOnlyList<InboundWork>> ClaimDueAsync(string workerId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<Row>(
            $"""
            update inbound_work set locked_until = @until, locked_by = @workerId, attempts = attempts + 1
            where id in (
                select id from inbound_work
                where state = @pending and next_attempt_at <= @now and (locked_until is null or locked_until <= @now)
                order by next_attempt_at, id
                limit @max
                {db.Dialect.SkipLockedClause})
            returning {Columns}
            """,
            new { workerId, now, until = now + lease, max, pending = nameof(InboundWorkState.Pending) },
            cancellationToken);
        return rows.OrderBy(row => row.Id).Select(row => row.ToWork()).ToList();
    }

    public async Task<bool> ClaimAsync(long id, string workerId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update inbound_work set locked_until = @until, locked_by = @workerId, attempts = attempts + 1
            where id = @id and state = @pending and (locked_until is null or locked_until <= @now)
            """,
            new { id, workerId, now, until = now + lease, pending = nameof(InboundWorkState.Pending) },
            cancellationToken) > 0;

    public async Task<bool> MarkDoneAsync(long id, string workerId, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update inbound_work set state = @done, done_at = @doneAt, locked_until = null, locked_by = null, last_error = null
            where id = @id and state = @pending and locked_by = @workerId
            """,
            new { id, workerId, doneAt, done = nameof(InboundWorkState.Done), pending = nameof(InboundWorkState.Pending) },
            cancellationToken) > 0;

    public async Task<bool> RescheduleAsync(long id, string workerId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update inbound_work set next_attempt_at = @nextAttemptAt, last_error = @error, locked_until = null, locked_by = null
            where id = @id and state = @pending and locked_by = @workerId
            """,
            new { id, workerId, nextAttemptAt, error, pending = nameof(InboundWorkState.Pending) },
            cancellationToken) > 0;

    public async Task<bool> ReleaseAsync(long id, string workerId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update inbound_work set attempts = attempts - 1, locked_until = null, locked_by = null
            where id = @id and state = @pending and locked_by = @workerId
            """,
            new { id, workerId, pending = nameof(InboundWorkState.Pending) },
            cancellationToken) > 0;

    public async Task<bool> MarkFailedAsync(long id, string workerId, string error, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update inbound_work set state = @failed, last_error = @error, locked_until = null, locked_by = null
            where id = @id and state = @pending and locked_by = @workerId
            """,
            new { id, workerId, error, failed = nameof(InboundWorkState.Failed), pending = nameof(InboundWorkState.Pending) },
            cancellationToken) > 0;

    public Task<int> PruneDoneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "delete from inbound_work where state = @done and done_at < @cutoff",
            new { cutoff, done = nameof(InboundWorkState.Done) },
            cancellationToken);

    public Task<int> CountAsync(InboundWorkState state, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<int>("select count(*) from inbound_work where state = @state", new { state = state.ToString() }, cancellationToken);

    private sealed class Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string WorkspaceId { get; init; } = "";
        public string Payload { get; init; } = "";
        public string? DedupKey { get; init; }
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? DoneAt { get; init; }
        public string? LastError { get; init; }

        public InboundWork ToWork() => new()
        {
            Id = Id,
            Kind = Kind,
            WorkspaceId = WorkspaceId,
            Payload = Payload,
            DedupKey = DedupKey,
            State = Enum.Parse<InboundWorkState>(State),
            Attempts = Attempts,
            CreatedAt = CreatedAt,
            NextAttemptAt = NextAttemptAt,
            DoneAt = DoneAt,
            LastError = LastError,
        };
    }
}
