using StatusBot.Core.Workspaces;

namespace StatusBot.Data.Workspaces;

internal sealed class WorkspaceRepository(DapperStoreSession db) : IWorkspaceRepository
{
    public Task UpsertAsync(Workspace workspace, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into workspaces (id, platform, name, created_at) values (@Id, @Platform, @Name, @CreatedAt)
            on conflict (id) do update set name = excluded.name
            """,
            new { workspace.Id, Platform = workspace.Platform.ToString(), workspace.Name, workspace.CreatedAt },
            cancellationToken);

    public Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Workspace>("select * from workspaces where id = @id", new { id }, cancellationToken);
}
