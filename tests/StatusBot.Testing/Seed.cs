using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;

namespace StatusBot.Testing;

/// <summary>Intent-revealing helpers that put a small, valid world into a store.</summary>
public static class Seed
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static async Task<Workspace> WorkspaceAsync(IStoreSession session, string id = "slack:T1")
    {
        var workspace = new Workspace { Id = id, Platform = ChatPlatform.Slack, Name = "Acme", CreatedAt = Now };
        await session.Workspaces.UpsertAsync(workspace, CancellationToken.None);
        return workspace;
    }

    public static Task<Person> PersonAsync(IStoreSession session, string user, string workspaceId = "slack:T1", string zone = "Europe/Berlin") =>
        session.People.AddAsync(
            new Person
            {
                WorkspaceId = workspaceId,
                Identity = $"{workspaceId}:{user}",
                DisplayName = user,
                TimeZone = zone,
                CreatedAt = Now,
            },
            CancellationToken.None);

    public static Task<Program> ProgramAsync(IStoreSession session, string name = "Apollo", string workspaceId = "slack:T1") =>
        session.Programs.AddAsync(new Program { WorkspaceId = workspaceId, Name = name, CreatedAt = Now }, CancellationToken.None);

    public static Task<Team> TeamAsync(IStoreSession session, long programId, string name = "Payments") =>
        session.Teams.AddAsync(new Team { ProgramId = programId, Name = name, CreatedAt = Now }, CancellationToken.None);
}
