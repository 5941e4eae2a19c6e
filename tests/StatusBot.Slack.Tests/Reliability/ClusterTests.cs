using System.Text.RegularExpressions;
using Dapper;
using StatusBot.Core.Delivery;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>
/// Three real host processes on one PostgreSQL (Hangfire's storage shared), requests spread round-robin by the test (no sticky
/// routing), a full weekly cycle for 50 teams in 5 installed workspaces (one program each) against the fake Slack: the
/// week opens on the clustered scheduler (one week compressed into seconds), every member is prompted and answers (DM
/// text, status button or modal, a third each), reminders and closes fire, and each program's digest is posted. One
/// process is SIGKILLed mid-cycle. The fake enforces Slack's published limits and injects every 20th call of each method
/// as a fault (429 with Retry-After, 500, connection reset, timeout, in turn). Each host calls the fake under its own
/// path, so every call is known by its sender. About two and a half minutes, most of it the wait for the compressed week.
/// </summary>
[Collection(HostProcess.Collection)]
public sealed class ClusterTests
{
    private const int Workspaces = 5;
    private const int TeamsPerWorkspace = 10;
    private const int MembersPerTeam = 4;
    private const int Kills = 1;

    /// <summary>Every 20th call of each Web API method meets a fault: about 20 of the 450 posts, 5 of each kind.</summary>
    private const int FaultEvery = 20;

    /// <summary>A caller that timed out drops its connection at once; one that read the answer keeps it for the next call.</summary>
    private static readonly TimeSpan AnswerTakenWithin = TimeSpan.FromSeconds(5);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_instances_with_one_killed_run_a_week_for_50_teams_once_within_slacks_limits()
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.EnforceLimits = true;
        slack.FaultEvery = FaultEvery;
        slack.TimeoutFaultDelay = TimeSpan.FromSeconds(2);
        await using var database = await TestDatabase.CreateAsync(StoreKind.Postgres);
        var world = new SlackWorld(slack, database, Workspaces, TeamsPerWorkspace, MembersPerTeam);

        // The program is seeded first, so each host's start-up reconciliation plans the 50 teams' slots on the cluster
        // before its /readyz says ready (the readiness signal the test waits for). The compressed week opens 90 s after
        // the first launch (room for three starts on a loaded machine), collects answers for 25 s and reminds after 15 s.
        await world.SeedAsync();
        var weekStarts = DateTimeOffset.UtcNow.AddSeconds(90);
        var weekStart = weekStarts.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
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
            string[] Args(int i) =>
            [
                .. world.HostArgs(),
                "--Slack:ApiBaseUrl", slack.ApiBaseUrlFor($"node-{i}").ToString(),
                "--Scheduling:SchedulePollingInterval", "00:00:01",
                "--Scheduling:QueuePollInterval", "00:00:01",
                "--Scheduling:ReconcileInterval", "00:00:05",
                "--Scheduling:CatchUpAfter", "00:00:30",
                "--child-week-start", weekStart,
                "--child-remind-ms", "15000",
                "--child-close-ms", "25000",
                "--Logging:LogLevel:StatusBot.Scheduling", "Information",
                "--Logging:LogLevel:Hangfire", "Information",
            ];

            // The first host creates Hangfire's schema (under the migration lock); the other two start together.
            Trace($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} starting 3 hosts; the week opens at {weekStarts:HH:mm:ss.fff}");
            hosts.Add(await HostProcess.StartAsync(Args(1)));
            hosts.AddRange(await Task.WhenAll(HostProcess.StartAsync(Args(2)), HostProcess.StartAsync(Args(3))));
            lock (alive)
            {
                alive.AddRange(hosts);
            }

            await using (var probe = await database.Store.Dialect.OpenAsync(Ct))
            {
                // Each team's slot opens within the week's first second, at one of four instants 100 ms apart (the child's
                // calendar: team id modulo 4); the teams of an instant share its one open job.
                var planned = await probe.ExecuteScalarAsync<int>(
                    $"select count(*) from {HangfireSchema(database)}.hash where key like 'statusbot:plan:checkin-open:%' and field = 'DueAt' and value::timestamptz between @From and @To",
                    new { From = weekStarts.AddSeconds(-1), To = weekStarts.AddSeconds(1) });
                var now = DateTimeOffset.UtcNow;
                Trace($"3 hosts ready at {now:HH:mm:ss.fff}, {(weekStarts - now).TotalSeconds:0} s before the week opens, {planned} slots planned");
                Assert.True(now < weekStarts, $"the three hosts took until {now:HH:mm:ss} to start, after the compressed week opened at {weekStarts:HH:mm:ss}");
                Assert.Equal(4, planned);
            }

            var lastProbe = DateTime.MinValue;
            var killed = false;
            var killedAt = DateTimeOffset.MinValue;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (true)
            {
                world.AnswerNewPrompts(Ct);
                if (DateTime.UtcNow - lastProbe > TimeSpan.FromSeconds(5))
                {
                    lastProbe = DateTime.UtcNow;
                    // Progress for a failure's diagnosis: trigger states, cycles, prompts.
                    await using var probe = await database.Store.Dialect.OpenAsync(Ct);
                    var planned = await probe.QueryAsync<(string Group, DateTime Next, string State)>(
                        $"select split_part(h.key, ':', 3), h.value::timestamptz, coalesce(j.statename, '?') from {HangfireSchema(database)}.hash h join {HangfireSchema(database)}.hash i on i.key = h.key and i.field = 'JobId' left join {HangfireSchema(database)}.job j on j.id::text = i.value where h.field = 'DueAt'");
                    var cyclesSoFar = await probe.ExecuteScalarAsync<int>("select count(*) from checkin_cycles");
                    Trace(
                        $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} plans {string.Join(", ", planned.GroupBy(t => (t.Group, t.State, Soon: t.Next < DateTime.UtcNow.AddDays(1))).Select(g => $"{g.Key}×{g.Count()}"))}; cycles {cyclesSoFar}; prompted {world.Prompts().Prompted.Count}");
                }

                if (!killed && world.Acknowledged.Count >= world.Members / 2)
                {
                    lock (alive)
                    {
                        alive.Remove(hosts[1]);
                    }

                    await hosts[1].KillAsync();
                    killed = true;
                    killedAt = DateTimeOffset.UtcNow;
                    Trace($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} node-2 SIGKILLed");
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

            // The duplicate bound of Core/Delivery/README.md, from what the fake saw: a message (same channel, same content) is
            // posted again only for a post of it whose answer its sender did not take (an injected timeout, or a real one
            // under load), or once for the send in flight when node-2 died.
            var copies = Copies(slack, hosts);
            var unexplained = copies.Sum(copy => copy.Unexplained);
            var report = $"3 instances, node-2 SIGKILLed at {world.Members / 2} answers: {cycles.Count} cycles, {prompts.Count} members prompted with {promptPosts} posts, "
                + $"{rows} answers ({revisions} revisions), digests {string.Join(", ", digestsByChannel.Select(d => $"{d.Key}×{d.Value}"))}; "
                + $"{promptPosts - prompts.Count} second prompts, {unexplained} second copies not explained by a lost answer (bound {Kills} per workspace, the kill): "
                + string.Join(" | ", copies.Select(copy => copy.Description)) + "; "
                + $"faults injected: {faults.RateLimits} × 429, {faults.ServerErrors} × 500, {faults.Resets} resets, {faults.Timeouts} timeouts "
                + $"({slack.Faults.Count(f => f.Method == "chat.postMessage")} on chat.postMessage); "
                + $"limit 429s by method: {string.Join(", ", slack.RateLimitedByMethod.Select(p => $"{p.Key} {p.Value}"))}"
                + $"; refused posts: {string.Join(" | ", slack.RefusedPosts)}";
            Trace(report);

            Assert.Equal(Workspaces * TeamsPerWorkspace, cycles.Count);
            Assert.All(cycles, cycle => Assert.Equal(1, cycle.Count));
            Assert.Equal(world.Members, prompts.Count);
            Assert.Equal(world.Members, rows);
            Assert.All(world.Acknowledged.Keys, member => Assert.Contains(member, answered));
            Assert.Equal(Workspaces, digestsByChannel.Count);
            // One prompt per member and one digest per program: a second copy only within the bound of Core/Delivery/README.md,
            // the send in flight of each workspace the killed instance was sending for (it sends for many at once).
            Assert.All(copies.GroupBy(copy => copy.Team), workspace => Assert.InRange(workspace.Sum(copy => copy.Unexplained), 0, Kills));
            // The workspaces' chat.postMessage budget is spent by one sender at a time: Slack never had to refuse one.
            Assert.Equal(0, slack.RateLimitedByMethod.GetValueOrDefault("chat.postMessage"));
            AssertPerChannelPace(slack);
            AssertOneSenderPerWorkspace(slack);
            FaultChecks.AssertPostsRetriedWithBackoff(slack, requireEveryKind: true, killed: ("node-2", killedAt));
        }
        finally
        {
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
            {
                File.WriteAllText(Path.Combine(Path.GetTempPath(), $"statusbot-cluster-node-{i + 1}.log"), host.Output());
                host.Dispose();
            }
        }
    }

    /// <summary>Progress and the final report, in the test's output (shown by the detailed console logger) and as a diagnostic message.</summary>
    private static void Trace(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    /// <summary>
    /// Every destination (workspace and channel) that got a message (same content) more than once: its copies, when each
    /// arrived, from whom and what became of its answer, and how many of its second copies no lost answer explains. A lost
    /// answer is a post the fake saw its caller drop, or a send its host logged as failed without an answer (a timeout or
    /// a reset): a host that read the answer too late to use it (a starved process) keeps the connection, so only its own
    /// log shows that one. Each lost answer explains one copy; the two views of one loss are not added up.
    /// </summary>
    private static List<(string Team, int Unexplained, string Description)> Copies(FakeSlack slack, IEnumerable<HostProcess> hosts)
    {
        var notTaken = slack.AnswersNotTaken("chat.postMessage", AnswerTakenWithin).ToHashSet(ReferenceEqualityComparer.Instance);
        var logged = LostAnswersLogged(hosts);
        return
        [
            .. slack.CallsTo("chat.postMessage")
                .GroupBy(call => (Team: slack.BotTokens.GetValueOrDefault(call.Authorization.Replace("Bearer ", string.Empty, StringComparison.Ordinal)) ?? "?", Channel: call.Arg("channel") ?? "?"))
                .Select(destination => (destination.Key, Messages: destination.GroupBy(call => call.Body.ToJsonString()).Where(message => message.Count() > 1).ToList()))
                .Where(destination => destination.Messages.Count > 0)
                .Select(destination =>
                {
                    var posts = destination.Messages.SelectMany(message => message).OrderBy(call => call.At).ToList();
                    var copies = destination.Messages.Sum(message => message.Count() - 1);
                    var lost = Math.Max(posts.Count(notTaken.Contains), logged.GetValueOrDefault(destination.Key));
                    var description = $"{destination.Key.Team}:{destination.Key.Channel} {copies} copies, {logged.GetValueOrDefault(destination.Key)} lost answers logged: "
                        + string.Join(", ", posts.Select(call => $"{call.At:HH:mm:ss.fff} from {call.Caller}, answered {call.AnsweredAt:HH:mm:ss.fff}"
                            + (call.AbortedBeforeAnswer ? " after the caller left" : notTaken.Contains(call) ? " and dropped" : string.Empty)));
                    return (destination.Key.Team, Math.Max(0, copies - lost), description);
                }),
        ];
    }

    /// <summary>The sends the hosts logged as failed without an answer (a timeout or a reset, see OutboxWorker), per workspace and channel.</summary>
    private static Dictionary<(string Team, string Channel), int> LostAnswersLogged(IEnumerable<HostProcess> hosts) =>
        hosts.SelectMany(host => host.Output().Split('\n'))
            .Select(line => s_failedSend.Match(line))
            .Where(match => match.Success && match.Groups["reason"].Value is var reason
                && (reason.Contains("timeout", StringComparison.Ordinal) || reason.Contains("network_error", StringComparison.Ordinal) || reason.Contains("no answer within", StringComparison.Ordinal)))
            .GroupBy(match => (match.Groups["team"].Value, match.Groups["channel"].Value))
            .ToDictionary(g => g.Key, g => g.Count());

    private static readonly Regex s_failedSend = new(@"Outbox: message \d+ to slack:(?<team>[^:\s]+):(?<channel>\S+) failed on attempt \d+ \((?<reason>.*)\); due again", RegexOptions.CultureInvariant);

    /// <summary>
    /// The send lease: a workspace's posts come from one instance at a time, and another instance takes over only after the
    /// hand-over pause (the killed instance's workspaces after its lease expired), never on top of the last sender's burst.
    /// </summary>
    private static void AssertOneSenderPerWorkspace(FakeSlack slack)
    {
        foreach (var workspace in slack.Requests.Where(r => r.Method == "chat.postMessage").GroupBy(r => r.Team))
        {
            var posts = workspace.OrderBy(r => r.At).ToList();
            Assert.All(
                posts.Zip(posts.Skip(1)).Where(pair => pair.First.Caller != pair.Second.Caller),
                pair => Assert.True(
                    pair.Second.At - pair.First.At >= OutboxDrainer.SendLeaseHandOver,
                    $"{workspace.Key}: {pair.First.Caller} posted at {pair.First.At:HH:mm:ss.fff} and {pair.Second.Caller} at {pair.Second.At:HH:mm:ss.fff}"));
        }
    }

    /// <summary>The schema of Hangfire's tables: the scheduler's default for a connection string with a search path.</summary>
    private static string HangfireSchema(TestDatabase database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).SearchPath + "_hangfire";

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
