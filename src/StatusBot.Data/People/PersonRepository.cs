using StatusBot.Core.People;

namespace StatusBot.Data.People;

internal sealed class PersonRepository(DapperStoreSession db) : IPersonRepository
{
    public Task<Person> AddAsync(Person person, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Person>(
            """
            insert into people (workspace_id, identity, display_name, time_zone, is_admin, active, created_at)
            values (@WorkspaceId, @Identity, @DisplayName, @TimeZone, @IsAdmin, @Active, @CreatedAt)
            returning *
            """,
            person,
            cancellationToken);

    public Task<Person?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Person>("select * from people where id = @id", new { id }, cancellationToken);

    public Task<Person?> FindByIdentityAsync(string identity, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Person>("select * from people where identity = @identity", new { identity }, cancellationToken);

    public Task<IReadOnlyList<Person>> ListAsync(string workspaceId, CancellationToken cancellationToken) =>
        db.QueryAsync<Person>("select * from people where workspace_id = @workspaceId order by display_name, id", new { workspaceId }, cancellationToken);

    public Task UpdateAsync(Person person, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update people set display_name = @DisplayName, time_zone = @TimeZone, is_admin = @IsAdmin, active = @Active where id = @Id",
            person,
            cancellationToken);

    public Task<LeavePeriod> AddLeaveAsync(LeavePeriod leave, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<LeavePeriod>(
            """
            insert into leave_periods (person_id, first_day, last_day, created_at)
            values (@PersonId, @FirstDay, @LastDay, @CreatedAt)
            returning *
            """,
            leave,
            cancellationToken);

    public Task<IReadOnlyList<LeavePeriod>> ListLeaveAsync(long personId, CancellationToken cancellationToken) =>
        db.QueryAsync<LeavePeriod>("select * from leave_periods where person_id = @personId order by first_day", new { personId }, cancellationToken);
}
