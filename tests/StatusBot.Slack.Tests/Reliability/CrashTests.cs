using System.Net;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>
/// Store, then acknowledge, and at-least-once delivery, under SIGKILL: the real host runs as a child process over 40
/// installed workspaces (1,000 members); the TPMs start the week's check-in (a 1,000-prompt fan-out) and each member
/// answers as soon as the prompt arrives (DM text, a status button or the modal, a third each, signed as Slack signs);
/// the host is SIGKILLed twice at random points and restarted; the fake Slack enforces the published limits and injects
/// faults (429 with Retry-After, 500, connection resets, timeouts). Everything acknowledged must end up stored and
/// confirmed; duplicates are counted and must stay within the bound stated in Core/Delivery/README.md: per kill the sends
/// in flight, plus one per post the fake accepted whose answer the host did not take.
/// </summary>
[Collection(HostProcess.Collection)]
public sealed class CrashTests
{
    private const int Workspaces = 40;
    private const int MembersPerWorkspace = 25;
    private const int Kills = 2;

    /// <summary>
    /// Per kill: the outbox sends in flight, at most one per workspace (a worker sends for many workspaces at once, each one
    /// message at a time), plus the inbound rows in flight (Inbound:BatchSize, 8). One in all was the bound of the
    /// one-workspace-at-a-time drainer and failed now and then on a loaded machine with a few more.
    /// </summary>
    private const int DuplicatesPerKill = Workspaces + 8;

    /// <summary>A host that timed out drops its connection at once; one that read the answer keeps it for the next call.</summary>
    private static readonly TimeSpan AnswerTakenWithin = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Killing_the_host_during_a_fan_out_and_an_answer_burst_loses_nothing_acknowledged(StoreKind kind)
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.EnforceLimits = true;
        slack.FaultRate = 0.02;
        slack.TimeoutFaultDelay = TimeSpan.FromSeconds(2);
        await using var database = await TestDatabase.CreateAsync(kind);
        var world = new SlackWorld(slack, database, Workspaces, 1, MembersPerWorkspace);
        await world.SeedAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var killAt = new[] { random.Next(100, 500), random.Next(900, 1400) };

        HostProcess? host = await HostProcess.StartAsync(world.HostArgs());
        world.Route = _ => Volatile.Read(ref host)?.Http;
        try
        {
            for (var w = 0; w < Workspaces; w++)
            {
                using var command = await world.CommandAsync(host.Http, w, $"checkin start P{w:D2}", Ct);
                Assert.Equal(HttpStatusCode.OK, command.StatusCode);
            }

            var kills = 0;
            var started = DateTime.UtcNow;
            var deadline = started + TimeSpan.FromMinutes(4);
            var nextTrace = started;
            while (true)
            {
                if (DateTime.UtcNow >= nextTrace)
                {
                    nextTrace += TimeSpan.FromSeconds(5);
                    TestContext.Current.TestOutputHelper?.WriteLine(
                        $"{(DateTime.UtcNow - started).TotalSeconds:0}s: prompted {world.Prompts().Prompted.Count}, acknowledged {world.Acknowledged.Count}, confirmed {world.Confirmed(out _).Count}, kills {kills}");
                }

                world.AnswerNewPrompts(Ct);
                var prompted = world.Prompts().Prompted.Count;
                if (kills < Kills && prompted + world.Acknowledged.Count >= killAt[kills])
                {
                    var dying = Interlocked.Exchange(ref host, null)!;
                    await dying.KillAsync();
                    dying.Dispose();
                    kills++;
                    Volatile.Write(ref host, await HostProcess.StartAsync(world.HostArgs()));
                }

                if (kills == Kills && prompted == world.Members && world.Acknowledged.Count == world.Members
                    && world.Confirmed(out _).Count == world.Members && (await world.StoredAnswersAsync()).Rows == world.Members)
                {
                    break;
                }

                Assert.True(
                    DateTime.UtcNow < deadline,
                    $"timed out (seed {seed}, kills {kills}): prompted {prompted}, acknowledged {world.Acknowledged.Count}, confirmed {world.Confirmed(out _).Count}, stored {(await world.StoredAnswersAsync()).Rows}; answering failed: [{world.AnswerFailures()}]");
                await Task.Delay(100, Ct);
            }

            // Let anything still in flight land before counting duplicates.
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            var (prompts, promptPosts) = world.Prompts();
            var confirmed = world.Confirmed(out var confirmationDuplicates);
            var (answered, rows, revisions) = await world.StoredAnswersAsync();
            var promptDuplicates = promptPosts - prompts.Count;
            var faults = slack.InjectedFaults;
            // Per kill its sends in flight, plus one per post whose answer the host did not take (an injected timeout, or a real
            // one on a loaded machine), as the fake saw them.
            var notTaken = slack.AnswersNotTaken("chat.postMessage", AnswerTakenWithin).Count;
            var bound = (Kills * DuplicatesPerKill) + notTaken;
            var report = $"{kind} (seed {seed}, killed at {killAt[0]} and {killAt[1]}): {world.Members} prompts delivered, {rows} answers stored "
                + $"({revisions} revisions), {confirmed.Count} confirmed; duplicates: {promptDuplicates} prompts, {confirmationDuplicates} confirmations "
                + $"(bound {bound}, {notTaken} posts whose answer was not taken); faults injected: {faults.RateLimits} × 429, {faults.ServerErrors} × 500, {faults.Resets} resets, {faults.Timeouts} timeouts; "
                + $"requests refused while down: {world.RequestsRefused}; limit 429s: {slack.RateLimitedAnswers}";
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            TestContext.Current.SendDiagnosticMessage(report);

            Assert.Equal(world.Members, prompts.Count);
            Assert.All(world.Acknowledged.Keys, member => Assert.Contains(member, answered));
            Assert.All(world.Acknowledged.Keys, member => Assert.Contains(member, confirmed));
            Assert.Equal(world.Members, rows);
            Assert.InRange(promptDuplicates + confirmationDuplicates, 0, bound);
            Assert.True(faults.RateLimits + faults.ServerErrors + faults.Resets + faults.Timeouts > 0, "faults were injected");
            FaultChecks.AssertPostsRetriedWithBackoff(slack, requireEveryKind: false);
        }
        finally
        {
            host?.Dispose();
        }
    }

    public static TheoryData<StoreKind> Stores => StoreKinds.All;
}
