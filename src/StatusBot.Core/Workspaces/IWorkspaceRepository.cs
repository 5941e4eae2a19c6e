namespace StatusBot.Core.Workspaces;

public interface IWorkspaceRepository
{
    /// <summary>Creates the workspace, or renames it if it exists.</summary>
    Task UpsertAsync(Workspace workspace, CancellationToken cancellationToken);

    Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken);
}
