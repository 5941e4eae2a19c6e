using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>Teams mentions, tenant isolation and a failing collaborator, on both stores.</summary>
public class CommandEdgeTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Teams_mention_adds_the_tenant_person_and_another_tenants_identity_is_refused(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var installer = new Caller("teams:tenant-a:aad-root", "Root");
        await world.Commands.HandleAsync(new CommandRequest(installer, "me"), Ct);
        await using (var session = await world.Store.BeginAsync(Ct))
        {
            // The Teams adapter marks whoever installed the app as admin.
            var root = await session.People.FindByIdentityAsync(installer.Identity, Ct);
            await session.People.UpdateAsync(root! with { IsAdmin = true }, Ct);
            await session.CommitAsync(Ct);
        }

        Assert.Equal(CommandReplies.ReplyKind, (await world.Commands.HandleAsync(new CommandRequest(installer, "program create Apollo"), Ct)).Kind);
        var added = await world.Commands.HandleAsync(
            new CommandRequest(installer, "team add Payments to Apollo"), Ct);
        var members = await world.Commands.HandleAsync(
            new CommandRequest(installer, "team members Payments <at>Ada Lovelace</at>", Mentions: new Dictionary<string, string> { ["<at>Ada Lovelace</at>"] = "teams:tenant-a:aad-ada" }), Ct);
        var before = await world.FingerprintAsync();
        var foreign = await world.Commands.HandleAsync(
            new CommandRequest(installer, "team members Payments <at>Eve</at>", Mentions: new Dictionary<string, string> { ["<at>Eve</at>"] = "teams:tenant-b:aad-eve" }), Ct);

        Assert.Equal(CommandReplies.ReplyKind, added.Kind);
        Assert.Equal(CommandReplies.ReplyKind, members.Kind);
        var ada = await world.ReadAsync(s => s.People.FindByIdentityAsync("teams:tenant-a:aad-ada", default));
        Assert.Equal(("teams:tenant-a", "Ada Lovelace"), (ada!.WorkspaceId, ada.DisplayName));
        Assert.Equal(CommandReplies.ErrorKind, foreign.Kind);
        Assert.Contains("not a person of this workspace", foreign.Summary, StringComparison.Ordinal);
        Assert.Equal(before, await world.FingerprintAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Same_program_name_in_two_workspaces_stays_separate(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var created = await world.RunAsync(OtherAdmin, "program create Apollo");
        var listed = await world.RunAsync(OtherAdmin, "program list");
        var teams = await world.RunAsync(OtherAdmin, "team remove Payments");

        Assert.Equal(CommandReplies.ReplyKind, created.Kind);
        Assert.Contains("**Apollo** — 0 team(s)", VerbTable.Text(listed), StringComparison.Ordinal);
        Assert.Equal(CommandReplies.ErrorKind, teams.Kind);
        Assert.NotNull(await world.ReadAsync(s => s.Teams.GetAsync(world.Payments, default)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Schedule_is_kept_and_the_reply_says_so_when_the_scheduler_cannot_be_told(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        world.CheckIns.SchedulerDown = true;

        var reply = await world.RunAsync(Tpm, "team schedule Payments tuesday 09:00 UTC");

        Assert.Equal(CommandReplies.ReplyKind, reply.Kind);
        Assert.Contains("could not be completed", VerbTable.Text(reply), StringComparison.Ordinal);
        Assert.Equal(DayOfWeek.Tuesday, (await world.ReadAsync(s => s.Teams.GetScheduleAsync(world.Payments, default)))!.Day);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Default_program_is_the_callers_only_one(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var tpm = await world.RunAsync(Tpm, "risk list");
        var admin = await world.RunAsync(Admin, "risk list");

        Assert.Contains("Risks — Apollo", VerbTable.Text(tpm), StringComparison.Ordinal);
        Assert.Equal(CommandReplies.ErrorKind, admin.Kind);
        Assert.Contains("Which program? Name it: Apollo, Gemini", admin.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Names_with_spaces_are_quoted_in_the_hints_so_they_can_be_typed_back(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(Admin, "program create \"Checkout Relaunch\"")).Kind);
        Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(Admin, "team add Payments to \"Checkout Relaunch\"")).Kind);

        var ambiguous = await world.RunAsync(Admin, "team pause Payments");
        var typedBack = await world.RunAsync(Admin, "team pause \"Checkout Relaunch/Payments\"");

        Assert.Equal(CommandReplies.ErrorKind, ambiguous.Kind);
        Assert.Contains("write it as Apollo/Payments or \"Checkout Relaunch/Payments\"", VerbTable.Text(ambiguous), StringComparison.Ordinal);
        Assert.Equal(CommandReplies.ReplyKind, typedBack.Kind);
        Assert.True((await world.ReadAsync(s => s.Teams.ListAsync(world.Apollo, default))).All(t => !t.Paused));
    }
}
