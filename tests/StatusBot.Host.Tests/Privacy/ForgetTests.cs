using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Host.Export;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Privacy;

/// <summary>
/// <c>forget</c> on the real host, both stores: after a week in which a person answered, raised a blocker, led a team,
/// owned a risk, was mentioned by the TPM, asked for their own data and appeared in the published digest, no text column
/// of any table holds who they were or what they wrote; the week's counts and everyone else's data are as before.
/// </summary>
public sealed class ForgetTests
{
    private const string Identity = "playground:qvrolijk";
    private const string DisplayName = "Quintessa Vrolijk";

    /// <summary>Who they were (identity, platform user id, display name) and their words: none may remain anywhere.</summary>
    private static readonly string[] Secrets =
    [
        Identity, "qvrolijk", DisplayName, "quintessa.handle.v",
        "Zyxwvut frobnicated the quuxolator", "Plumbus calibration phase two", "Waiting on Grelbish vendor contract",
    ];

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task After_forget_no_table_holds_the_persons_identity_or_words_and_counts_and_others_are_unchanged(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Export.ExportScenario.Week1, "tina");
        var quintessa = new Caller(Identity, DisplayName);
        Assert.Equal(CommandReplies.ReplyKind, (await CommandAsync(world, quintessa, "me")).Kind); // first contact: registered with her name
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "program channel Apollo #leadership");
        await world.OkAsync("tina", "team add Payments to Apollo");
        await world.OkAsync("tina", "team members Payments @qvrolijk @pete");
        await world.OkAsync("tina", "team lead Payments @qvrolijk");
        await world.OkAsync("tina", "team schedule Payments monday 09:00 Europe/Berlin window 48h remind 4h");
        await world.OkAsync("tina", "risk add \"Vendor late\" p2 i3 owner @qvrolijk in Apollo");
        await world.OkAsync("tina", $"status note Apollo \"{DisplayName} covers the payments on-call\"");
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");
        var answer = await world.Services.GetRequiredService<IDirectMessageHandler>().HandleAsync(
            new DirectMessageRequest(quintessa, $"at risk\nprogress: {Secrets[3]}\nnext: {Secrets[4]}\nblockers: {Secrets[5]}"), Ct);
        Assert.Equal(Core.Conversations.CheckInReplies.ConfirmationKind, answer!.Kind);
        await world.AnswerAsync("pete", "on track\nprogress: pete shipped the refund ledger");
        Assert.Contains("1 answer(s) and 1 blocker(s)", ProgramWorld.Text(await CommandAsync(world, quintessa, "me export")), StringComparison.Ordinal);
        var programId = (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Apollo", default)))!.Id;
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.CloseOpenCyclesAsync(programId);
        await world.OkAsync("tina", "digest post Apollo");
        var digest = (await world.ReadAsync(s => s.DigestSnapshots.ListAsync(programId, 1, default))).Single();
        Assert.Contains(Secrets[5], MessageJson.Serialize(digest.Message), StringComparison.Ordinal); // the digest quoted her blocker
        Assert.NotEmpty(await FindAsync(world.Database, Secrets)); // the scan sees what it looks for

        // Requests as a chat platform stores them before its acknowledgement: one handled (with the sender's handle, as
        // Slack sends it), one that failed and is kept for the operator (it mentions her).
        await AddInboundAsync(world.Database, "Done", "{\"userId\":\"qvrolijk\",\"userName\":\"quintessa.handle.v\",\"text\":\"me\"}");
        await AddInboundAsync(world.Database, "Failed", "{\"userId\":\"tina\",\"text\":\"team lead Payments @qvrolijk\"}");

        var countsBefore = await TeamWeeksAsync(world, programId);
        var peteBefore = await PeteAsync(world, programId);
        var reply = await world.OkAsync("tina", "forget @qvrolijk");

        Assert.Contains("former member #", reply, StringComparison.Ordinal);
        Assert.Empty(await FindAsync(world.Database, Secrets));
        Assert.Equal(countsBefore, await TeamWeeksAsync(world, programId));
        Assert.Contains("Payments,2026-11-23,at_risk,2,2,1,0", countsBefore, StringComparison.Ordinal);
        Assert.Equal(peteBefore, await PeteAsync(world, programId));
        var note = (await world.ReadAsync(s => s.Programs.GetAsync(programId, default)))!.StatusNote!.Text;
        Assert.Matches("^former member #[0-9]+ covers the payments on-call$", note);
        var audit = await world.ReadAsync(s => s.Audit.ListAsync("playground", null, null, 1, default));
        Assert.Equal("forget", audit[0].Action);
        Assert.Matches("^former member #[0-9]+$", audit[0].Subject);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_forgotten_person_is_named_former_member_in_the_status_not_left_out_or_shown_as_a_question_mark(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Export.ExportScenario.Week1, "tina");
        await world.AddPaymentsAsync("Apollo", "qvrolijk", "pete");
        await world.OkAsync("tina", "risk add \"Vendor late\" p4 i4 owner @qvrolijk in Apollo");
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("pete", "at risk\nprogress: pete shipped the refund ledger");

        var forgotten = await world.OkAsync("tina", "forget @qvrolijk");
        var status = await world.OkAsync("tina", "status Apollo");

        var name = System.Text.RegularExpressions.Regex.Match(forgotten, "former member #[0-9]+").Value;
        Assert.NotEmpty(name);
        var mention = $"@{{playground:forgotten-{name["former member #".Length..]}|{name}}}";
        Assert.True(status.Contains($"Did not answer**\nPayments: {mention}", StringComparison.Ordinal), status);
        Assert.Contains($"Vendor late · owner {mention}", status, StringComparison.Ordinal);
        Assert.DoesNotContain("owner not recorded", status, StringComparison.Ordinal);
        Assert.DoesNotContain(": ?", status, StringComparison.Ordinal);
    }

    private static async Task AddInboundAsync(TestDatabase database, string state, string payload)
    {
        await using var connection = await database.Dialect.OpenAsync(Ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText =
            "insert into inbound_work (kind, workspace_id, payload, dedup_key, state, attempts, created_at, next_attempt_at) values ('test.request', 'playground', @payload, @key, @state, 1, @at, @at)";
        foreach (var (name, value) in new (string, object)[] { ("payload", payload), ("key", "test:" + state), ("state", state), ("at", Export.ExportScenario.Week1) })
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            insert.Parameters.Add(parameter);
        }

        await insert.ExecuteNonQueryAsync(Ct);
    }

    private static Task<ChatMessage> CommandAsync(ProgramWorld world, Caller caller, string text) =>
        world.Services.GetRequiredService<ICommandHandler>().HandleAsync(new CommandRequest(caller, text), Ct);

    /// <summary>The export's team-week rows: every week's status, answered/asked and blocker counts.</summary>
    private static async Task<string> TeamWeeksAsync(ProgramWorld world, long programId)
    {
        var export = (await world.Services.GetRequiredService<ProgramExportLoader>().LoadAsync(programId, Ct))!;
        return string.Join('\n', ProgramExportCsv.ToText(export).Split("\r\n").Where(line => line.StartsWith("team_week,", StringComparison.Ordinal))
            .Select(line => string.Join(',', line.Split(',').Skip(2).Take(7))));
    }

    /// <summary>Everything of someone else: their person row and their answer.</summary>
    private static async Task<string> PeteAsync(ProgramWorld world, long programId) =>
        await world.ReadAsync(async s =>
        {
            var pete = (await s.People.FindByIdentityAsync("playground:pete", default))!;
            var answers = await s.PersonalData.ListAnswersAsync(pete.Id, default);
            return $"{pete} {string.Join('|', answers)}";
        });

    /// <summary>Every table of the store (from its catalog), every text value in it: where any secret occurs, any case.</summary>
    private static async Task<List<string>> FindAsync(TestDatabase database, IReadOnlyList<string> secrets)
    {
        await using var connection = await database.Dialect.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Kind == StoreKind.Postgres
                ? "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
                : "select name from sqlite_master where type = 'table'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("outbox", tables);
        Assert.Contains("audit_entries", tables);
        var found = new List<string>();
        var textColumns = 0;
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"select * from \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            var text = Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetFieldType(i) == typeof(string)).ToList();
            textColumns += text.Count;
            while (await reader.ReadAsync(Ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is not string value)
                    {
                        continue;
                    }

                    found.AddRange(secrets.Where(secret => value.Contains(secret, StringComparison.OrdinalIgnoreCase)).Select(secret => $"{table}.{reader.GetName(i)}: '{secret}' in {value}"));
                }
            }
        }

        Assert.True(textColumns > 40, $"only {textColumns} text columns scanned");
        return found;
    }
}
