using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Every verb of the catalog × every role × this workspace and another, on both stores. The expected outcome of
/// each cell is read from the README (the verb's "Who may use it" and the role table), not from the code. Each verb
/// runs the command <see cref="VerbTable"/> proves successful; a refused or not-found cell must change nothing, an
/// allowed cell must get past authorization and succeed (in a fresh world when an earlier success could be in its way).
/// </summary>
public class AuthorizationMatrixTests
{
    /// <summary>The roles of the README's role table, and who holds each in workspace T1 (Apollo) and in T2 (Hermes).</summary>
    private static readonly (string Row, string Same, string Other)[] Callers =
    [
        ("workspace admin", Admin, OtherAdmin),
        ("TPM of this program", Tpm, "slack:T2:UTPM"),
        ("TPM of another program", "slack:T1:UGTPM", "slack:T2:UGTPM"),
        ("member of the team", Member, "slack:T2:UMEM"),
        ("viewer of the program", Viewer, "slack:T2:UVIEW"),
        ("stranger (no role)", Outsider, "slack:T2:UOUT"),
    ];

    /// <summary>The display names the platform gives the extra people (a different name would be recorded as a change).</summary>
    private static readonly Dictionary<string, string> ExtraNames = new()
    {
        ["slack:T1:UGTPM"] = "Gil",
        ["slack:T2:UTPM"] = "Tara",
        ["slack:T2:UGTPM"] = "Gus",
        ["slack:T2:UVIEW"] = "Val",
        ["slack:T2:UMEM"] = "Mia",
        ["slack:T2:UOUT"] = "Oz",
    };

    private enum Outcome
    {
        Allowed,
        Refused,
        NotFound,
    }

    public static TheoryData<StoreKind, string> Rows
    {
        get
        {
            var rows = new TheoryData<StoreKind, string>();
            foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
            {
                foreach (var verb in CommandCatalog.Verbs)
                {
                    rows.Add(store, verb.Name);
                }
            }

            return rows;
        }
    }

    [Fact]
    public void The_role_table_has_a_row_per_role_and_a_column_per_level_the_command_reference_uses()
    {
        Assert.Equal(Callers.Select(c => c.Row).Append(RoleTable.SameWorkspaceCallerOfOtherWorkspace), RoleTable.Roles.Keys);
        var levels = RoleTable.Commands.Select(c => c.Who).Distinct().Order().ToList();
        Assert.Equal(levels, RoleTable.Roles["workspace admin"].Keys.Order());
        Assert.All(RoleTable.Roles.Values.SelectMany(row => row.Values), cell => Assert.Contains(cell, new[] { "yes", "no", "not found", "own workspace" }));
        Assert.All(CommandCatalog.Verbs, verb => Assert.Single(RoleTable.Commands, c => VerbOf(c.Usage) == verb.Name));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Every_role_in_both_workspaces_gets_what_the_readme_role_table_says(StoreKind store, string verb)
    {
        var spec = VerbTable.All.Single(s => s.Verb == verb);
        var info = CommandCatalog.Find(verb)!;
        var level = RoleTable.Commands.Single(c => VerbOf(c.Usage) == verb).Who;
        var cells = Callers
            .SelectMany(c => new[] { (c.Row, Caller: c.Same, Expected: Expect(c.Row, level)), (c.Row + " (other workspace)", Caller: c.Other, Expected: ExpectOther(c.Row, level)) })
            .OrderBy(cell => cell.Expected == Outcome.Allowed)
            .ToList();
        var wrong = new List<string>();
        var world = await StartAsync(store, spec);
        try
        {
            var first = true;
            foreach (var (row, caller, expected) in cells)
            {
                // An allowed command that changes something may stand in the next one's way ("already exists"): fresh world.
                if (expected == Outcome.Allowed && !first && !info.ReadOnly)
                {
                    await world.DisposeAsync();
                    world = await StartAsync(store, spec);
                }

                first &= expected != Outcome.Allowed;
                var text = VerbSpec.Fill(world, spec.Success);
                var before = await world.FingerprintAsync();
                var reply = await world.Commands.HandleAsync(new CommandRequest(new Caller(caller, NameOf(caller)), text), CancellationToken.None);
                var actual = Classify(reply);
                var unchanged = expected == Outcome.Allowed || before == await world.FingerprintAsync();
                if (actual != expected || !unchanged)
                {
                    wrong.Add($"{row} ({caller}): '{text}' expected {expected}, got {actual}{(unchanged ? string.Empty : " and the store changed")}: {VerbTable.Text(reply)}");
                }
            }
        }
        finally
        {
            await world.DisposeAsync();
        }

        Assert.True(wrong.Count == 0, $"{verb} (README: {level}):\n" + string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(VerbTableTests.Stores), MemberType = typeof(VerbTableTests))]
    public async Task Read_paths_of_one_workspace_show_nothing_of_another_or_of_the_playground(StoreKind store)
    {
        await using var world = await StartAsync(store, null);
        string[] ofT1 = ["Apollo", "Gemini", "Payments", "Checkout", "Search", "refund API", "settlement report", "Vendor SDK late", "Waiting on infra", "Beta", "Tess", "Max"];
        string[] ofT2 = ["Hermes", "Iris", "Ledger", "Audit log", "audit log", "Auditor away", "Tara", "Mia"];
        string[] reads = ["program list", "status", "blockers", "risk list", "decisions", "dep list", "milestone list", "audit", "checkin missing", "me"];

        foreach (var read in reads)
        {
            foreach (var (caller, hidden) in new[] { (OtherAdmin, ofT1), ("slack:T2:UMEM", ofT1), (Admin, ofT2), (Member, ofT2), ("playground:tina", ofT1.Concat(ofT2).ToArray()) })
            {
                var before = await world.FingerprintAsync();
                var reply = await world.Commands.HandleAsync(new CommandRequest(new Caller(caller, NameOf(caller)), read), CancellationToken.None);
                // The usage line's example ("e.g. status Apollo") is the catalog's, not data.
                var text = string.Join("\n", VerbTable.Text(reply).Split('\n').Where(line => !line.StartsWith("Usage:", StringComparison.Ordinal)));
                foreach (var name in hidden)
                {
                    Assert.False(text.Contains(name, StringComparison.Ordinal), $"'{read}' as {caller} shows '{name}' of another workspace: {text}");
                }

                if (caller != "playground:tina")
                {
                    Assert.Equal(before, await world.FingerprintAsync());
                }
            }
        }

        // Named: another workspace's program is "not found", exactly like one that does not exist.
        foreach (var (caller, program) in new[] { (OtherAdmin, "Apollo"), (Admin, "Hermes"), ("playground:tina", "Apollo") })
        {
            foreach (var read in new[] { "status", "blockers", "risk list", "decisions", "milestone list", "audit" })
            {
                var reply = await world.Commands.HandleAsync(new CommandRequest(new Caller(caller, NameOf(caller)), $"{read} {program}"), CancellationToken.None);
                Assert.Equal(CommandReplies.ErrorKind, reply.Kind);
                Assert.Contains("in this workspace", VerbTable.Text(reply), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The catalog verb a README usage cell documents: the longest verb name it starts with.</summary>
    private static string? VerbOf(string usage) => CommandCatalog.Verbs
        .Where(v => usage == v.Name || usage.StartsWith(v.Name + " ", StringComparison.Ordinal))
        .MaxBy(v => v.Name.Length)?.Name;

    private static Outcome Expect(string row, string level) => Parse(RoleTable.Roles[row][level]);

    private static Outcome ExpectOther(string row, string level) => RoleTable.Roles[RoleTable.SameWorkspaceCallerOfOtherWorkspace][level] switch
    {
        // The verb names nothing of the other workspace: the caller acts in their own, with their role there.
        "own workspace" => Expect(row, level),
        var cell => Parse(cell),
    };

    private static Outcome Parse(string cell) => cell switch
    {
        "yes" => Outcome.Allowed,
        "no" => Outcome.Refused,
        "not found" => Outcome.NotFound,
        _ => throw new InvalidOperationException($"README role table: unknown cell '{cell}'"),
    };

    private static Outcome? Classify(ChatMessage reply) => reply.Kind switch
    {
        CommandReplies.RefusedKind => Outcome.Refused,
        CommandReplies.ErrorKind when VerbTable.Text(reply).Contains("in this workspace", StringComparison.Ordinal) => Outcome.NotFound,
        CommandReplies.ErrorKind => null,
        _ => Outcome.Allowed,
    };

    private static string NameOf(string caller) => Names.GetValueOrDefault(caller) ?? ExtraNames.GetValueOrDefault(caller) ?? caller[(caller.LastIndexOf(':') + 1)..];

    /// <summary>The command world, plus the roles it lacks: a TPM of Gemini in T1, and in T2 a TPM of Hermes, a TPM of Iris, a member of Ledger, a viewer, a stranger.</summary>
    private static async Task<CommandWorld> StartAsync(StoreKind store, VerbSpec? spec)
    {
        var world = await CreateAsync(store);
        var ct = CancellationToken.None;
        await using (var session = await world.Store.BeginAsync(ct))
        {
            async Task<Person> PersonAsync(string identity) =>
                await session.People.AddAsync(new Person { WorkspaceId = PersonIdentity.Parse(identity).WorkspaceId, Identity = identity, DisplayName = ExtraNames[identity], TimeZone = "UTC", CreatedAt = Seed.Now }, ct);

            var hermes = (await session.Programs.FindByNameAsync("slack:T2", "Hermes", ct))!;
            var iris = await Seed.ProgramAsync(session, "Iris", "slack:T2");
            var ledger = (await session.Teams.FindByNameAsync(hermes.Id, "Ledger", ct))!;
            await session.Programs.GrantAsync(new ProgramRole { ProgramId = world.Gemini, PersonId = (await PersonAsync("slack:T1:UGTPM")).Id, Role = Role.Tpm }, ct);
            await session.Programs.GrantAsync(new ProgramRole { ProgramId = hermes.Id, PersonId = (await PersonAsync("slack:T2:UTPM")).Id, Role = Role.Tpm }, ct);
            await session.Programs.GrantAsync(new ProgramRole { ProgramId = iris.Id, PersonId = (await PersonAsync("slack:T2:UGTPM")).Id, Role = Role.Tpm }, ct);
            await session.Programs.GrantAsync(new ProgramRole { ProgramId = hermes.Id, PersonId = (await PersonAsync("slack:T2:UVIEW")).Id, Role = Role.Viewer }, ct);
            await session.Teams.AddMemberAsync(new TeamMembership { TeamId = ledger.Id, PersonId = (await PersonAsync("slack:T2:UMEM")).Id, JoinedAt = Seed.Now }, ct);
            await PersonAsync("slack:T2:UOUT");
            await session.CommitAsync(ct);
        }

        if (spec?.Before is { } before)
        {
            Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(spec.SuccessCaller, before)).Kind);
        }

        return world;
    }
}
