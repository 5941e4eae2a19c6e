using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.Storage;
using StatusBot.Data.Startup;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Digests;

/// <summary>
/// The real host (every feature registered as in production, playground on, scheduler off) on a fake clock, driven the
/// way the playground drives it: command text and direct messages from <c>playground:&lt;name&gt;</c> people into the
/// core's inbound ports. Nothing is seeded; the scheduler's part (closing a week's cycles) is done by calling the same
/// engine service its job calls.
/// </summary>
public sealed class ProgramWorld : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProgramWorld(WebApplication app, TestDatabase database, FakeTimeProvider time)
    {
        _app = app;
        Database = database;
        Time = time;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; }
    public IStatusBotStore Store => _app.Services.GetRequiredService<IStatusBotStore>();
    public IServiceProvider Services => _app.Services;

    /// <summary>A client of the host's real HTTP listener (loopback, the port Kestrel chose).</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri(_app.Addresses()[0]) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="start">The fake clock's first instant.</param>
    /// <param name="admin">The playground name of the workspace admin.</param>
    /// <param name="settings">More settings as command-line pairs (<c>--Dashboard:ReaderTokens:0:Token</c>, <c>…</c>).</param>
    public static async Task<ProgramWorld> StartAsync(StoreKind store, DateTimeOffset start, string admin, params string[] settings)
    {
        var database = await TestDatabase.CreateEmptyAsync(store);
        var time = new FakeTimeProvider(start);
        var app = StatusBotApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Storage:Provider", database.Provider.ToString(),
                "--ConnectionStrings:StatusBot", database.ConnectionString,
                "--Scheduling:Enabled", "false",
                "--StatusBot:Admins:0", $"playground:{admin}",
                // A fixed key: the digest's signed dashboard link is then the same on every run (golden files).
                "--Dashboard:SigningKey", "scenario-signing-key-0123456789-abcdef",
                // A fixed public address too (the host would otherwise link to its random test port).
                "--Digest:PublicBaseUrl", "http://127.0.0.1:5080",
                "--Logging:LogLevel:Default", "Warning",
                .. settings,
            ],
            builder => builder.Services.AddSingleton<TimeProvider>(time));
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(Ct);
        return new ProgramWorld(app, database, time);
    }

    /// <summary>
    /// As tina: <paramref name="program"/> with a team Payments of <paramref name="members"/> on Mondays 09:00 Berlin
    /// (48h window), each command required to succeed; the check-in itself is left to the test.
    /// </summary>
    public async Task AddPaymentsAsync(string program, params string[] members)
    {
        await OkAsync("tina", $"program create {program}");
        await OkAsync("tina", $"team add Payments to {program}");
        await OkAsync("tina", $"team members {program}/Payments {string.Join(' ', members.Select(m => "@" + m))}");
        await OkAsync("tina", $"team schedule {program}/Payments monday 09:00 Europe/Berlin window 48h remind 4h");
    }

    /// <summary>A <c>/statusbot</c> command typed in the playground by <paramref name="name"/>.</summary>
    public Task<ChatMessage> CommandAsync(string name, string text) =>
        _app.Services.GetRequiredService<ICommandHandler>().HandleAsync(new CommandRequest(new Caller($"playground:{name}", name), text), Ct);

    /// <summary>A command that must succeed; returns the reply's text.</summary>
    public async Task<string> OkAsync(string name, string text)
    {
        var reply = await CommandAsync(name, text);
        Assert.True(reply.Kind is not (CommandReplies.ErrorKind or CommandReplies.RefusedKind), $"{text}: {Text(reply)}");
        return Text(reply);
    }

    /// <summary>A check-in answer typed in <paramref name="name"/>'s direct messages with the bot.</summary>
    public async Task<ChatMessage> AnswerAsync(string name, string text)
    {
        var reply = await _app.Services.GetRequiredService<IDirectMessageHandler>().HandleAsync(new DirectMessageRequest(new Caller($"playground:{name}", name), text), Ct);
        Assert.NotNull(reply);
        Assert.Equal(Core.Conversations.CheckInReplies.ConfirmationKind, reply.Kind);
        return reply;
    }

    /// <summary>What the scheduler does at the end of each team's answer window: closes the open cycles.</summary>
    public async Task CloseOpenCyclesAsync(long programId)
    {
        var open = new List<long>();
        await using (var session = await Store.BeginAsync(Ct))
        {
            foreach (var team in await session.Teams.ListAsync(programId, Ct))
            {
                open.AddRange((await session.CheckIns.ListCyclesAsync(team.Id, Ct)).Where(c => c.State == CycleState.Open).Select(c => c.Id));
            }
        }

        var close = _app.Services.GetRequiredService<CloseCycle>();
        foreach (var cycle in open)
        {
            await close.CloseAsync(cycle, Ct);
        }
    }

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> read)
    {
        await using var session = await Store.BeginAsync(Ct);
        return await read(session);
    }

    public static string Text(ChatMessage message) =>
        message.Summary + "\n" + string.Join("\n", message.Blocks.Select(block => block switch
        {
            TextBlock t => t.Text,
            HeaderBlock h => h.Text,
            ContextBlock c => c.Text,
            StatusBlock s => $"{s.Label}: {s.Text}",
            FieldsBlock f => string.Join("\n", f.Fields.Select(x => $"{x.Label}: {x.Value}")),
            _ => string.Empty,
        }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Golden files beside the calling test, under <c>Golden/</c>. With <c>UPDATE_GOLDEN=1</c> they are (re)written instead,
/// so a deliberate change is one command and a diff to review.
/// </summary>
public static class Golden
{
    public static void Verify(string fileName, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", fileName);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{fileName} does not exist; run the test once with UPDATE_GOLDEN=1 and review the new file.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
