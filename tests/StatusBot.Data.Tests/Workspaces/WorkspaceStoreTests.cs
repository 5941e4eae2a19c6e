using StatusBot.Core.Workspaces;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Workspaces;

public sealed class WorkspaceStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_workspace_round_trips_and_an_upsert_renames_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var workspace = new Workspace { Id = "teams:tenant-1", Platform = ChatPlatform.Teams, Name = "Contoso", CreatedAt = Seed.Now };

        await InSession(db, s => s.Workspaces.UpsertAsync(workspace, Ct));
        await InSession(db, s => s.Workspaces.UpsertAsync(workspace with { Name = "Contoso Ltd", CreatedAt = Seed.Now.AddDays(1) }, Ct));
        var stored = await InSession(db, s => s.Workspaces.GetAsync("teams:tenant-1", Ct));

        Assert.Equal(workspace with { Name = "Contoso Ltd" }, stored);
        Assert.Null(await InSession(db, s => s.Workspaces.GetAsync("teams:other", Ct)));
    }
}
