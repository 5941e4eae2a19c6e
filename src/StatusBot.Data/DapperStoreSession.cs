using System.Data.Common;
using System.Diagnostics;
using Dapper;
using StatusBot.Core.Audit;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Decisions;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Privacy;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Audit;
using StatusBot.Data.Blockers;
using StatusBot.Data.CheckIns;
using StatusBot.Data.Decisions;
using StatusBot.Data.Delivery;
using StatusBot.Data.Dependencies;
using StatusBot.Data.Dialects;
using StatusBot.Data.Digests;
using StatusBot.Data.Inbound;
using StatusBot.Data.Milestones;
using StatusBot.Data.People;
using StatusBot.Data.Privacy;
using StatusBot.Data.Programs;
using StatusBot.Data.Risks;
using StatusBot.Data.Teams;
using StatusBot.Data.Workspaces;

namespace StatusBot.Data;

/// <summary>One connection and one transaction shared by every repository of a unit of work.</summary>
internal sealed class DapperStoreSession : IStoreSession
{
    private readonly DbConnection _connection;
    // Null for an auto-commit session (IStatusBotStore.OpenAutoCommitAsync): each statement commits on its own.
    private readonly DbTransaction? _transaction;
    private readonly Activity? _activity;
    private readonly OutboxSignal? _outboxSignal;
    private List<Action>? _afterCommit;
    // The distinct times the rows this unit of work queued are due (null: none queued).
    private HashSet<DateTimeOffset>? _outboxDueAt;
    private bool _completed;

    public DapperStoreSession(SqlDialect dialect, DbConnection connection, DbTransaction? transaction, Activity? activity = null, OutboxSignal? outboxSignal = null)
    {
        _outboxSignal = outboxSignal;
        Dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _activity = activity;
        Workspaces = new WorkspaceRepository(this);
        People = new PersonRepository(this);
        Programs = new ProgramRepository(this);
        Teams = new TeamRepository(this);
        CheckIns = new CheckInRepository(this);
        Blockers = new BlockerRepository(this);
        Dependencies = new DependencyRepository(this);
        Milestones = new MilestoneRepository(this);
        Risks = new RiskRepository(this);
        Decisions = new DecisionRepository(this);
        Audit = new AuditRepository(this);
        PersonalData = new PersonalDataRepository(this);
        Outbox = new OutboxRepository(this);
        ConversationReferences = new ConversationReferenceRepository(this);
        InboundWork = new InboundWorkRepository(this);
        History = new ProgramHistoryRepository(this);
        DigestSnapshots = new DigestSnapshotRepository(this);
    }

    public SqlDialect Dialect { get; }
    public IWorkspaceRepository Workspaces { get; }
    public IPersonRepository People { get; }
    public IProgramRepository Programs { get; }
    public ITeamRepository Teams { get; }
    public ICheckInRepository CheckIns { get; }
    public IBlockerRepository Blockers { get; }
    public IDependencyRepository Dependencies { get; }
    public IMilestoneRepository Milestones { get; }
    public IRiskRepository Risks { get; }
    public IDecisionRepository Decisions { get; }

    public IAuditRepository Audit { get; }
    public IPersonalDataRepository PersonalData { get; }
    public IOutboxRepository Outbox { get; }
    public IConversationReferenceRepository ConversationReferences { get; }
    public IInboundWorkRepository InboundWork { get; }
    public IProgramHistoryRepository History { get; }
    public IDigestSnapshotRepository DigestSnapshots { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
        }

        _completed = true;
        foreach (var action in _afterCommit ?? [])
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="action"/> once this unit of work commits (metrics of what it stored); never on rollback.</summary>
    internal void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    /// <summary>
    /// This unit of work queued outbox rows due at <paramref name="dueAt"/>: once it commits, the lanes are woken to send
    /// them, and again when the ones due later come due (one wake per unit of work and distinct time).
    /// </summary>
    internal void OutboxRowsQueued(IEnumerable<DateTimeOffset> dueAt)
    {
        if (_outboxSignal is not { } signal)
        {
            return;
        }

        if (_outboxDueAt is null)
        {
            _outboxDueAt = [];
            var queued = _outboxDueAt;
            AfterCommit(() => signal.RowsQueued(queued));
        }

        _outboxDueAt.UnionWith(dueAt);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed && _transaction is not null)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (InvalidOperationException)
            {
                // The connection already rolled back (e.g. it broke); nothing is left to undo.
            }
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
        StoreTelemetry.Stop(_activity, _completed);
    }

    /// <summary>
    /// A query of thousands of rows, mapped with typed reads on SQLite's own API there (<see cref="SqliteRows.Query"/>), and
    /// through Dapper (<paramref name="map"/> unused) elsewhere. <paramref name="parameters"/> by name, without the <c>@</c>.
    /// </summary>
    public async Task<IReadOnlyList<T>> QueryManyAsync<T>(
        string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<SqliteRowReader, T> map, CancellationToken cancellationToken)
    {
        if (_connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await Run(() => Task.FromResult(SqliteRows.Query(handle, sql, parameters, map)));
        }

        var args = new DynamicParameters();
        foreach (var (name, value) in parameters)
        {
            args.Add(name, value);
        }

        return await QueryAsync<T>(sql, args, cancellationToken);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        (await Run(() => _connection.QueryAsync<T>(Command(sql, args, cancellationToken)))).AsList();

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        Run(() => _connection.QuerySingleOrDefaultAsync<T>(Command(sql, args, cancellationToken)));

    public Task<T> QuerySingleAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        Run(() => _connection.QuerySingleAsync<T>(Command(sql, args, cancellationToken)));

    public Task<int> ExecuteAsync(string sql, object? args, CancellationToken cancellationToken) =>
        Run(() => _connection.ExecuteAsync(Command(sql, args, cancellationToken)));

    /// <summary>
    /// Runs one single-row statement (parameters <c>@p0</c>, <c>@p1</c>, …) once per row, for thousands of rows, and returns
    /// the rows each run affected, in order. On SQLite, which runs in process, one prepared statement is re-bound per row
    /// (<see cref="SqliteRows"/>); on
    /// PostgreSQL the runs go in batches of commands, one round trip per batch. Not one multi-row statement: SQLite looks
    /// bound parameters up by name in time linear in their number, so a statement with thousands of them costs quadratic time.
    /// </summary>
    public Task<int[]> ExecuteEachAsync(string sql, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        Run(() => _connection.CanCreateBatch ? ExecuteBatchedAsync(sql, rows, cancellationToken) : ExecutePreparedAsync(sql, rows, cancellationToken));

    private async Task<int[]> ExecutePreparedAsync(string sql, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var affected = new int[rows.Count];
        if (rows.Count == 0)
        {
            return affected;
        }

        if (_connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && rows.All(SqliteRows.CanBind))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return SqliteRows.Execute(handle, sql, rows);
        }

        await using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        var parameters = new DbParameter[rows[0].Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = ParameterName(i);
            command.Parameters.Add(parameters[i]);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                DapperTypeHandlers.Bind(parameters[i], rows[r][i]);
            }

            affected[r] = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }

    private async Task<int[]> ExecuteBatchedAsync(string sql, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        // Small enough that the server's replies to one batch fit in the socket buffers while the batch is still being sent.
        const int PerBatch = 500;
        var affected = new int[rows.Count];
        for (var start = 0; start < rows.Count; start += PerBatch)
        {
            await using var batch = _connection.CreateBatch();
            batch.Transaction = _transaction;
            var count = Math.Min(PerBatch, rows.Count - start);
            for (var r = 0; r < count; r++)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                var row = rows[start + r];
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = ParameterName(i);
                    DapperTypeHandlers.Bind(parameter, row[i]);
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var r = 0; r < count; r++)
            {
                affected[start + r] = batch.BatchCommands[r].RecordsAffected;
            }
        }

        return affected;
    }

    /// <summary>
    /// Inserts many rows in one statement on PostgreSQL (one array parameter per column, <c>unnest</c>ed by the server: one
    /// round trip and one parse for thousands of rows) and with one prepared statement re-bound per row on SQLite (in
    /// process, see <see cref="ExecuteEachAsync"/>). <paramref name="conflict"/> is the statement's <c>on conflict</c>
    /// clause (or empty). Returns how many rows were inserted.
    /// </summary>
    public async Task<int> InsertManyAsync(string table, IReadOnlyList<BulkColumn> columns, string conflict, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        (await InsertManyAsync(table, columns, conflict, rows, keyColumn: null, cancellationToken)).Count(inserted => inserted);

    /// <summary>
    /// As <see cref="InsertManyAsync(string, IReadOnlyList{BulkColumn}, string, IReadOnlyList{object}[], CancellationToken)"/>,
    /// and says which rows were inserted (false: the conflict clause skipped it). On PostgreSQL that is learnt from the
    /// inserted rows' <paramref name="keyColumn"/>, whose values must be unique among <paramref name="rows"/>.
    /// </summary>
    public Task<bool[]> InsertManyAsync(string table, IReadOnlyList<BulkColumn> columns, string conflict, IReadOnlyList<object?[]> rows, int? keyColumn, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            if (rows.Count == 0)
            {
                return [];
            }

            var names = string.Join(", ", columns.Select(c => c.Name));
            if (_connection is not Npgsql.NpgsqlConnection npgsql)
            {
                var values = string.Join(", ", columns.Select((_, i) => ParameterName(i)));
                var affected = await ExecutePreparedAsync($"insert into {table} ({names}) values ({values}) {conflict}", rows, cancellationToken);
                return affected.Select(a => a > 0).ToArray();
            }

            await using var command = npgsql.CreateCommand();
            command.Transaction = (Npgsql.NpgsqlTransaction?)_transaction;
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(columns[i].ArrayParameter(ParameterName(i), rows, i));
            }

            var arrays = string.Join(", ", columns.Select((_, i) => ParameterName(i)));
            command.CommandText = $"insert into {table} ({names}) select * from unnest({arrays}) {conflict}"
                + (keyColumn is { } key ? $" returning {columns[key].Name}" : string.Empty);
            var inserted = new bool[rows.Count];
            if (keyColumn is not { } keyIndex)
            {
                var count = await command.ExecuteNonQueryAsync(cancellationToken);
                Array.Fill(inserted, count == rows.Count);
                return count == rows.Count || count == 0 ? inserted : throw new InvalidOperationException("Some rows were skipped; ask for them by key.");
            }

            var indexOf = new Dictionary<object, int>(rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                // A key listed twice: the conflict clause skips the later row, so the key names the first.
                indexOf.TryAdd(rows[r][keyIndex] ?? throw new ArgumentException("A key column value is null.", nameof(rows)), r);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted[indexOf[reader.GetValue(0)]] = true;
            }

            return inserted;
        });

    /// <summary>
    /// Inserts rows that must all be new (no conflict clause: a unique key taken already fails the whole call with
    /// <see cref="DuplicateEntityException"/>, and the unit of work is to roll back). The bulk path of a Monday round: on
    /// PostgreSQL a binary <c>COPY</c> (no statement to plan, no arrays to build and unpack, no per-row speculative
    /// insertion as <c>on conflict</c> needs); on SQLite one prepared statement re-bound per row. Returns how many rows
    /// were inserted.
    /// </summary>
    public Task<int> CopyManyAsync(string table, IReadOnlyList<BulkColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            if (rows.Count == 0)
            {
                return 0;
            }

            var names = string.Join(", ", columns.Select(c => c.Name));
            if (_connection is Npgsql.NpgsqlConnection npgsql)
            {
                await using var import = await npgsql.BeginBinaryImportAsync($"copy {table} ({names}) from stdin (format binary)", cancellationToken);
                foreach (var row in rows)
                {
                    await import.StartRowAsync(cancellationToken);
                    for (var i = 0; i < columns.Count; i++)
                    {
                        await columns[i].WriteAsync(import, row[i], cancellationToken);
                    }
                }

                return checked((int)await import.CompleteAsync(cancellationToken));
            }

            // SQLite runs in process: one prepared statement re-bound per row costs microseconds. (A multi-row statement is
            // slower there: every execution looks each named parameter up among all the statement's parameters.)
            var values = string.Join(", ", columns.Select((_, i) => ParameterName(i)));
            return (await ExecutePreparedAsync($"insert into {table} ({names}) values ({values})", rows, cancellationToken)).Sum();
        });

    private static string ParameterName(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private CommandDefinition Command(string sql, object? args, CancellationToken cancellationToken) =>
        new(sql, args, _transaction, cancellationToken: cancellationToken);

    private async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DbException exception) when (Dialect.IsUniqueViolation(exception))
        {
            throw new DuplicateEntityException("That already exists.", exception);
        }
        catch (DbException exception) when (Dialect.IsUnstorableText(exception))
        {
            throw new UnstorableTextException("The request contains a character that cannot be stored (a NUL character); remove it and send it again. Nothing was changed.", exception);
        }
        catch (DbException exception) when (Dialect.IsConflict(exception))
        {
            throw new ConcurrencyConflictException("The database aborted this unit of work in favour of a concurrent one.", exception);
        }
    }
}
