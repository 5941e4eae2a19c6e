namespace StatusBot.Host.Dashboard;

/// <summary>
/// Who may read a program's pages (the dashboard and its exports): a signed, unexpired link for that program, or a reader
/// token of the program's workspace. One check, so every page of a program is behind exactly the same door.
/// </summary>
public sealed class DashboardAccess(DashboardLinks links, DashboardModelLoader loader)
{
    /// <summary>Null when access is granted, otherwise why not (shown to the visitor with 403).</summary>
    public async Task<string?> RefusalAsync(long programId, string? exp, string? sig, string? token, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return links.Refusal(programId, exp, sig);
        }

        if (links.WorkspaceOfToken(token) is not { } workspace)
        {
            return "This reader token is not valid.";
        }

        // A token opens its own workspace's programs only; the program is looked up before anything is shown.
        var owner = await loader.WorkspaceOfAsync(programId, cancellationToken);
        return owner is not null && owner != workspace ? "This reader token does not open programs of this workspace." : null;
    }

    /// <summary>The query string that carries the same access to another page of the program (its exports).</summary>
    public static string Query(string? exp, string? sig, string? token) =>
        token is not null
            ? $"?token={Uri.EscapeDataString(token)}"
            : $"?exp={Uri.EscapeDataString(exp ?? string.Empty)}&sig={Uri.EscapeDataString(sig ?? string.Empty)}";
}
