using Dapper;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>
/// Three real host processes on one PostgreSQL (Quartz clustered), requests spread round-robin by the test (no sticky
/// routing), a full weekly cycle for 50 teams in 5 installed workspaces (one program each) against the fake Slack: the
/// week opens on the clustered scheduler (one week compressed into seconds), every member is prompted and answers (DM
/// text, status button or modal, a third each), reminders and closes fire, and each program's digest is posted. One
/// process is SIGKILLed mid-cycle. The fake enforces Slack's published limits and injects 429s, 500s, resets and timeouts.
/// </summary>
public sealed class ClusterTests
{
    private const int Workspaces = 5;
    private const int TeamsPerWorkspace = 10;
    private const int MembersPerTeam = 4;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_instances_with_one_killed_run_a_week_for_50_teams_once_within_slacks_limits()
    {
        // About five minutes on a loaded 2-core machine: run by scripts/test-reliability.sh, not by every test run.
        Assert.SkipUnless(Environment.GetEnvironmentVariable("STATUSBOT_LONG_TESTS") == "1", "long multi-instance test: run scripts/test-reliability.sh");
        await using var slack = await FakeSlack.StartAsync();
        slack.EnforceLimits = true;
        slack.FaultRate = 0.02;
        slack.TimeoutFaultDelay = TimeSpan.FromSeconds(2);
        await using var database = await TestDatabase.CreateAsync(StoreKind.Postgres);
        var world = new SlackWorld(slack, database, Workspaces, TeamsPerWorkspace, MembersPerTeam);

        // The hosts start on the empty program (one after the other), then the program is seeded and the scheduler's
        // reconciliation plans its 50 teams on the cluster. The week opens after that; answers are collected for 25 s,
        // reminders go out after 15 s. A slot planned late is opened at once by the catch-up rule.
        var weekStart = DateTimeOffset.UtcNow.AddSeconds(100).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hosts = new List<HostProcess>();
        var alive = new List<HostProcess>();
        world.Route = n =>
        {
            lock (alive)
            {
                return alive.Count == 0 ? null : alive[n % alive.Count].Http;
            }
        };
        try
        {
            foreach (var i in Enumerable.Range(1, 3))
            {
                hosts.Add(await HostProcess.StartAsync(
                [
                    .. world.HostArgs(),
                    "--Scheduling:InstanceId", $"node-{i}",
                    "--Scheduling:IdleWaitTime", "00:00:01",
                    "--Scheduling:ClusterCheckinInterval", "00:00:01",
                    "--Scheduling:ReconcileInterval", "00:00:05",
                    "--Scheduling:CatchUpAfter", "00:00:30",
                    "--child-week-start", weekStart,
                    "--child-remind-ms", "15000",
                    "--child-close-ms", "25000",
                ]));
                lock (alive)
                {
                    alive.Add(hosts[^1]);
                }
            }

            await world.SeedAsync();

            var killed = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (true)
            {
                world.AnswerNewPrompts(Ct);
                if (!killed && world.Acknowledged.Count >= world.Members / 2)
                {
                    lock (alive)
                    {
                        alive.Remove(hosts[1]);
                    }

                    await hosts[1].KillAsync();
                    killed = true;
                }

                var digests = DigestPosts(slack);
                if (killed && world.Acknowledged.Count == world.Members && digests.Count == Workspaces)
                {
                    break;
                }

                Assert.True(
                    DateTime.UtcNow < deadline,
                    $"timed out: prompted {world.Prompts().Prompted.Count}, acknowledged {world.Acknowledged.Count}, digests {digests.Count}, killed {killed}");
                await Task.Delay(100, Ct);
            }

            // A duplicate fire, prompt or digest would land by now.
            await Task.Delay(TimeSpan.FromSeconds(5), Ct);
            world.AnswerNewPrompts(Ct);
            await using var connection = await database.Store.Dialect.OpenAsync(Ct);
            var cycles = (await connection.QueryAsync<(long TeamId, int Count)>("select team_id, count(*)::int from checkin_cycles group by team_id")).ToList();
            var (prompts, promptPosts) = world.Prompts();
            var (answered, rows, revisions) = await world.StoredAnswersAsync();
            var digestsByChannel = DigestPosts(slack);
            var faults = slack.InjectedFaults;
            var report = $"3 instances, node-2 SIGKILLed at {world.Members / 2} answers: {cycles.Count} cycles, {prompts.Count} members prompted with {promptPosts} posts, "
                + $"{rows} answers ({revisions} revisions), digests {string.Join(", ", digestsByChannel.Select(d => $"{d.Key}×{d.Value}"))}; "
                + $"faults injected: {faults.RateLimits} × 429, {faults.ServerErrors} × 500, {faults.Resets} resets, {faults.Timeouts} timeouts; "
                + $"limit 429s by method: {string.Join(", ", slack.RateLimitedByMethod.Select(p => $"{p.Key} {p.Value}"))}";
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            TestContext.Current.SendDiagnosticMessage(report);

            Assert.Equal(Workspaces * TeamsPerWorkspace, cycles.Count);
            Assert.All(cycles, cycle => Assert.Equal(1, cycle.Count));
            Assert.Equal(world.Members, prompts.Count);
            // One prompt each; a second only for the send in flight at the kill, or a send whose answer timed out at the fake.
            Assert.InRange(promptPosts - prompts.Count, 0, 1 + faults.Timeouts);
            Assert.Equal(world.Members, rows);
            Assert.All(world.Acknowledged.Keys, member => Assert.Contains(member, answered));
            Assert.Equal(Workspaces, digestsByChannel.Count);
            Assert.All(digestsByChannel.Values, count => Assert.Equal(1, count));
            // The workspaces' chat.postMessage budget is spent by one sender at a time: Slack never had to refuse one.
            Assert.Equal(0, slack.RateLimitedByMethod.GetValueOrDefault("chat.postMessage"));
            AssertPerChannelPace(slack);
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Digest posts per program channel.</summary>
    private static Dictionary<string, int> DigestPosts(FakeSlack slack) =>
        slack.CallsTo("chat.postMessage")
            .Select(call => call.Arg("channel") ?? string.Empty)
            .Where(channel => channel.EndsWith("DIGEST", StringComparison.Ordinal))
            .GroupBy(channel => channel)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Slack's one message per second per channel, as the fake accepted them (it refuses faster ones anyway).</summary>
    private static void AssertPerChannelPace(FakeSlack slack)
    {
        foreach (var channel in slack.CallsTo("chat.postMessage").GroupBy(call => (call.Authorization, call.Arg("channel"))))
        {
            var times = channel.Select(call => call.At).Order().ToList();
            Assert.All(times.Zip(times.Skip(2)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1.9), $"3 posts to {channel.Key.Item2} within {pair.Second - pair.First}"));
        }
    }
}
