using StatusBot.Core.Commands;
using StatusBot.Core.Messages;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Every verb, on both stores: the wrong roles are refused (naming the role and who holds it), each kind of
/// wrong input gets a teaching error, another workspace sees nothing, none of those changes a single row, and
/// then the right caller succeeds with the effect the verb promises.
/// </summary>
public class VerbTableTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    public static TheoryData<StoreKind, string> Rows
    {
        get
        {
            var rows = new TheoryData<StoreKind, string>();
            foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
            {
                foreach (var spec in VerbTable.All)
                {
                    rows.Add(store, spec.Verb);
                }
            }

            return rows;
        }
    }

    [Fact]
    public void Every_catalog_verb_has_a_row_in_the_table()
    {
        Assert.Equal(CommandCatalog.Verbs.Select(v => v.Name).Order(), VerbTable.All.Select(s => s.Verb).Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Verb_refuses_wrong_roles_teaches_on_wrong_input_and_succeeds(StoreKind store, string verb)
    {
        var spec = VerbTable.All.Single(s => s.Verb == verb);
        var info = CommandCatalog.Find(verb)!;
        await using var world = await CreateAsync(store);
        if (spec.Before is { } before)
        {
            Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(spec.SuccessCaller, before)).Kind);
        }

        var success = VerbSpec.Fill(world, spec.Success);
        foreach (var caller in RefusedCallers(info.Role).Concat(spec.AlsoRefused))
        {
            var refusal = await ExpectUnchangedAsync(world, caller, success, CommandReplies.RefusedKind);
            Assert.Contains(info.Role == VerbRole.Admin ? "Ann" : "Tess", VerbTable.Text(refusal), StringComparison.Ordinal);
        }

        foreach (var (caller, text, contains) in spec.Errors)
        {
            var error = await ExpectUnchangedAsync(world, caller, VerbSpec.Fill(world, text), CommandReplies.ErrorKind);
            Assert.Contains(VerbSpec.Fill(world, contains), VerbTable.Text(error), StringComparison.Ordinal);
            Assert.Contains(error.Blocks, b => b is ContextBlock c && c.Text.Contains(info.Name, StringComparison.Ordinal));
        }

        if (spec.OtherWorkspaceNotFound)
        {
            var hidden = await ExpectUnchangedAsync(world, OtherAdmin, success, CommandReplies.ErrorKind);
            Assert.Contains("in this workspace", VerbTable.Text(hidden), StringComparison.Ordinal);
        }

        var audited = await AuditEntriesAsync(world);
        var reply = await world.RunAsync(spec.SuccessCaller, success);
        Assert.True(reply.Kind is not (CommandReplies.ErrorKind or CommandReplies.RefusedKind), VerbTable.Text(reply));
        await ExpectAuditedAsync(world, info, spec.SuccessCaller, audited);
        foreach (var expected in spec.SuccessContains)
        {
            Assert.Contains(expected, VerbTable.Text(reply), StringComparison.Ordinal);
        }

        await spec.Check(world, reply);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Unknown_verbs_and_actions_answer_with_usage_and_a_suggestion(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var noun = await ExpectUnchangedAsync(world, Tpm, "team shedule Payments monday 10:00", CommandReplies.ErrorKind);
        var typo = await ExpectUnchangedAsync(world, Tpm, "taem add Mobile to Apollo", CommandReplies.ErrorKind);
        var unknown = await ExpectUnchangedAsync(world, Tpm, "stauts", CommandReplies.ErrorKind);
        var bare = await ExpectUnchangedAsync(world, Tpm, "dep", CommandReplies.ErrorKind);

        Assert.Contains("Did you mean **team schedule**", VerbTable.Text(noun), StringComparison.Ordinal);
        Assert.Contains("Usage: **team schedule <team>", VerbTable.Text(noun), StringComparison.Ordinal);
        Assert.Contains("Did you mean **team add**", VerbTable.Text(typo), StringComparison.Ordinal);
        Assert.Contains("Did you mean **status**", VerbTable.Text(unknown), StringComparison.Ordinal);
        Assert.Contains("needs an action: add, eta, done, drop, list, waits, for", VerbTable.Text(bare), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_paused_team_or_program_is_not_reminded_on_demand_and_the_reply_says_why(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(Tpm, "team pause Payments")).Kind);

        var refused = await ExpectUnchangedAsync(world, Tpm, "checkin remind Payments", CommandReplies.ErrorKind);

        Assert.Contains("**Payments** is paused, so it is not reminded; **team resume Payments** first.", VerbTable.Text(refused), StringComparison.Ordinal);
        Assert.DoesNotContain($"remind:{world.Payments}", world.CheckIns.Calls);

        Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(Tpm, "team pause Checkout")).Kind);
        var nobody = await ExpectUnchangedAsync(world, Tpm, "checkin remind Apollo", CommandReplies.ErrorKind);
        Assert.Contains("Every team of **Apollo** is paused, so nobody is reminded.", VerbTable.Text(nobody), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task First_contact_registers_the_workspace_and_the_person_with_default_zone(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var reply = await world.Commands.HandleAsync(new Core.Inbound.CommandRequest(new Core.Inbound.Caller("playground:newcomer", "New Comer"), "me"), CancellationToken.None);

        Assert.Equal(CommandReplies.ReplyKind, reply.Kind);
        var person = await world.ReadAsync(s => s.People.FindByIdentityAsync("playground:newcomer", default));
        Assert.Equal(("playground", "New Comer", "UTC"), (person!.WorkspaceId, person.DisplayName, person.TimeZone));
        Assert.NotNull(await world.ReadAsync(s => s.Workspaces.GetAsync("playground", default)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Installer_marked_admin_may_create_programs_without_configuration(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var ct = TestContext.Current.CancellationToken;
        await using (var session = await world.Store.BeginAsync(ct))
        {
            var otto = await session.People.FindByIdentityAsync(Outsider, ct);
            await session.People.UpdateAsync(otto! with { IsAdmin = true }, ct);
            await session.CommitAsync(ct);
        }

        var reply = await world.RunAsync(Outsider, "program create Vega");

        Assert.Equal(CommandReplies.ReplyKind, reply.Kind);
    }

    /// <summary>Everyone whose role is below the verb's.</summary>
    private static string[] RefusedCallers(VerbRole role) => role switch
    {
        VerbRole.Anyone => [],
        VerbRole.Viewer => [Outsider],
        VerbRole.Member => [Outsider, Viewer],
        VerbRole.Tpm => [Outsider, Viewer, Member],
        _ => [Outsider, Viewer, Member, Tpm],
    };

    private static Task<IReadOnlyList<Core.Audit.AuditEntry>> AuditEntriesAsync(CommandWorld world) =>
        world.ReadAsync(s => s.Audit.ListAsync("slack:T1", null, null, 1000, default));

    /// <summary>A state-changing verb leaves at least one entry naming the verb and the caller; a read-only verb none.</summary>
    private static async Task ExpectAuditedAsync(CommandWorld world, VerbInfo verb, string caller, IReadOnlyList<Core.Audit.AuditEntry> before)
    {
        var added = (await AuditEntriesAsync(world)).Where(entry => before.All(old => old.Id != entry.Id)).ToList();
        if (verb.ReadOnly)
        {
            Assert.Empty(added);
            return;
        }

        var person = await world.ReadAsync(s => s.People.FindByIdentityAsync(caller, default));
        Assert.NotEmpty(added);
        Assert.All(added, entry => Assert.Equal((verb.Name, person!.Id), (entry.Action, entry.ActorPersonId)));
    }

    private static async Task<ChatMessage> ExpectUnchangedAsync(CommandWorld world, string caller, string text, string kind)
    {
        var before = await world.FingerprintAsync();
        var reply = await world.RunAsync(caller, text);
        Assert.True(reply.Kind == kind, $"'{text}' as {caller}: expected {kind}, got {reply.Kind}: {VerbTable.Text(reply)}");
        Assert.Equal(before, await world.FingerprintAsync());
        return reply;
    }
}
