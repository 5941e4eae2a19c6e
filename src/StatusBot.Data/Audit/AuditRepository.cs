using StatusBot.Core.Audit;

namespace StatusBot.Data.Audit;

internal sealed class AuditRepository(DapperStoreSession db) : IAuditRepository
{
    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into audit_entries (workspace_id, program_id, actor_person_id, action, subject, before_value, after_value, at)
            values (@WorkspaceId, @ProgramId, @ActorPersonId, @Action, @Subject, @Before, @After, @At)
            """,
            entry,
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string workspaceId, long? programId, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        // Filters are added only when given: PostgreSQL cannot type a bare null parameter in "@x is null".
        var program = programId is null ? string.Empty : " and program_id = @programId";
        var from = since is null ? string.Empty : " and at >= @since";
        return db.QueryAsync<AuditEntry>(
            $"""
            select id, workspace_id, program_id, actor_person_id, action, subject, before_value as before, after_value as after, at
            from audit_entries
            where workspace_id = @workspaceId{program}{from}
            order by at desc, id desc
            limit @limit
            """,
            new { workspaceId, programId, since, limit },
            cancellationToken);
    }
}
