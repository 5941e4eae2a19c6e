using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using StatusBot.Benchmarks.Slack;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Data.Workspaces;
using StatusBot.Slack.Install;
using StatusBot.Slack.Tests.Fakes;
using StatusBot.Slack.Tests.Reliability;
using StatusBot.Testing;

namespace StatusBot.Benchmarks.Scale;

/// <summary>
/// The scaling evidence: several host processes on one PostgreSQL database send one week's prompts for W installed Slack
/// workspaces of M members each (W × M prompts) through the fake Slack, which enforces Slack's per-workspace and
/// per-channel chat.postMessage limits. Reports the achieved ÷ allowed rate (what the fake would have accepted in the same
/// time), lost and duplicated prompts, and each instance's share of the sends.
/// </summary>
internal static class ScaleBenchmark
{
    private const int TeamsPerWorkspace = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var workspaces = Arg(args, "--workspaces", 200);
        var members = Arg(args, "--members", 500);
        var instances = Arg(args, "--instances", 3);
        // --queued 1: the prompts are in the outbox before the hosts start (due at the slot), so the run measures the outbox
        // alone; by default the hosts open every team's round themselves and the outbox sends what they queue.
        var queued = Arg(args, "--queued", 0) == 1;
        // --warmup N: each workspace is first sent N messages (to other people, not counted), before the slot, so the hosts
        // measured are warm as hosts that have run for a while are (code compiled, connections open); 0: cold hosts.
        var warmup = Arg(args, "--warmup", 20);
        if (TestPostgres.ConnectionString is null)
        {
            Console.Error.WriteLine($"{TestPostgres.Variable} is not set: this benchmark needs PostgreSQL.");
            return 2;
        }

        await using var slack = await FakeSlack.StartAsync();
        slack.EnforceLimits = true;
        await using var database = await TestDatabase.CreateAsync(StoreKind.Postgres);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var clock = Stopwatch.StartNew();
        // Queued prompts wait far ahead until the slot is known (seeding 100,000 people takes a while).
        await SeedAsync(database, slack, key, workspaces, members, queued ? DateTimeOffset.UtcNow.AddDays(1) : null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: seeded {workspaces} workspaces × {members} members in {clock.Elapsed.TotalSeconds:F0} s"));

        var hosts = new List<HostProcess>();
        try
        {
            // The week opens once every instance is up and the start-up sync has planned every team on the cluster.
            var opens = DateTimeOffset.UtcNow.AddSeconds(30 + (15 * instances));
            if (queued)
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.ExecuteAsync("update outbox set next_attempt_at = @opens, created_at = @opens", new { opens });
            }

            for (var i = 1; i <= instances; i++)
            {
                hosts.Add(await HostProcess.StartAsync(
                [
                    "--Storage:Provider", "Postgres",
                    "--ConnectionStrings:StatusBot", database.ConnectionString,
                    "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
                    "--Slack:SigningSecret", "scale-signing-secret",
                    "--Slack:ClientId", "1.2",
                    "--Slack:ClientSecret", "scale",
                    "--Slack:TokenEncryptionKey", key,
                    "--Slack:ApiBaseUrl", slack.ApiBaseUrlFor($"node-{i}").ToString(),
                    "--Logging:LogLevel:Default", "Warning",
                    "--child-week-start", opens.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    "--child-remind-ms", "3600000",
                    "--child-close-ms", "7200000",
                    .. HostSettings.From(args),
                ]));
            }

            var expected = workspaces * members;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: {instances} instances ready at {DateTimeOffset.UtcNow:HH:mm:ss}; the week opens at {opens:HH:mm:ss}"));
            if (warmup > 0)
            {
                await WarmUpAsync(database, slack, workspaces, warmup, opens);
            }

            var deadline = opens + TimeSpan.FromSeconds(60 + (expected / (workspaces * slack.PostMessagePerWorkspacePerMinute / 60.0) * 3));
            // CPU of the hosts and of this driver (the fake Slack) from the slot to the last prompt, per prompt sent.
            await Task.Delay(opens - DateTimeOffset.UtcNow > TimeSpan.Zero ? opens - DateTimeOffset.UtcNow : TimeSpan.Zero);
            var hostCpuAtSlot = hosts.Select(h => h.ProcessorTime).ToList();
            var driverCpuAtSlot = Process.GetCurrentProcess().TotalProcessorTime;
            // PostgreSQL's CPU from the slot on (seeding and queueing are over by then), when its processes' /proc is readable.
            var server = await CpuMeter.ForAsync(database);
            server.Start();
            var statements = await StatementStats.ResetAsync(database);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: send phase starts at {DateTimeOffset.UtcNow:HH:mm:ss} (seeding and queueing done)"));
            // Every call is counted, cheaply, until there could be enough; only then are the prompts told apart (filtering
            // every call every second cost this process about as much CPU as serving them).
            while ((slack.CallCount < expected || Prompts(slack).Count < expected) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }

            var hostCpu = hosts.Select((h, i) => (h.ProcessorTime - hostCpuAtSlot[i]).TotalMilliseconds).ToList();
            var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - driverCpuAtSlot).TotalMilliseconds;
            var serverCpu = server.Stop().Server;
            var statementRows = statements ? await StatementStats.TopAsync(database, 12) : [];
            await Task.Delay(TimeSpan.FromSeconds(5)); // a duplicate would land by now
            var posts = Prompts(slack);
            var distinct = posts.Select(p => (p.Authorization, p.Arg("channel"))).Distinct().Count();
            var first = posts.Min(p => p.At);
            var last = posts.Max(p => p.At);
            var elapsed = (last - first).TotalSeconds;
            var perWorkspacePerSecond = slack.PostMessagePerWorkspacePerMinute / 60;
            // What the fake would have accepted from first to last prompt: each workspace's steady rate plus its 1 s burst.
            var allowed = workspaces * ((perWorkspacePerSecond * elapsed) + Math.Max(1, perWorkspacePerSecond));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"scale: {distinct}/{expected} prompts over {workspaces} workspaces in {elapsed:F1} s (first prompt {(first - opens).TotalSeconds:F1} s after the slot); allowed {allowed / elapsed:F0}/s, achieved {posts.Count / elapsed:F0}/s, ratio {distinct / allowed:F3}"));
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                // When the prompts were queued: the scale run measures the outbox only once every team's round is open.
                var (queuedFirst, queuedLast) = await connection.QuerySingleAsync<(DateTime, DateTime)>(
                    "select min(created_at), max(created_at) from outbox where dedup_key like 'checkin:prompt:%'");
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  prompts queued from {(new DateTimeOffset(queuedFirst, TimeSpan.Zero) - opens).TotalSeconds:F1} s to {(new DateTimeOffset(queuedLast, TimeSpan.Zero) - opens).TotalSeconds:F1} s after the slot; last prompt sent {(last - opens).TotalSeconds:F1} s after it; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
                var queuedByWindow = await connection.QueryAsync<(double Window, long Count)>(
                    "select floor(extract(epoch from created_at - @opens) / 10)::float8, count(*) from outbox where dedup_key like 'checkin:prompt:%' group by 1 order by 1",
                    new { opens });
                Console.WriteLine($"  prompts queued by 10 s window from the slot: {string.Join(", ", queuedByWindow.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Window * 10:F0} s: {w.Count}")))}");

                // The scheduler's own work around the slot: its jobs (slot, reminder, close) finished per 10 s window.
                var schema = await connection.QuerySingleOrDefaultAsync<string>("select nspname from pg_namespace where nspname like '%hangfire' order by nspname desc limit 1");
                if (schema is not null)
                {
                    var jobsByWindow = await connection.QueryAsync<(double Window, long Count)>(
                        $"select floor(extract(epoch from createdat - @opens) / 10)::float8, count(*) from \"{schema}\".state where name = 'Succeeded' and createdat >= @opens - interval '10 seconds' group by 1 order by 1",
                        new { opens = opens.UtcDateTime });
                    Console.WriteLine($"  scheduler jobs done by 10 s window from the slot: {string.Join(", ", jobsByWindow.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Window * 10:F0} s: {w.Count}")))}");
                }
            }

            // What the hosts logged (warnings and errors by default; more with --Logging:LogLevel:<category> Information).
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
            {
                var lines = host.Output().Split('\n').Where(line => line.StartsWith("      ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
                foreach (var group in lines.GroupBy(line => line.Length > 60 ? line[..60] : line).Take(8))
                {
                    Console.WriteLine($"  node-{i + 1} logged {group.Count()}×: {group.First()}");
                }
            }

            // Where the time went: a workspace that starts late or pauses stretches the run for all (the ratio counts every
            // workspace's budget from the first prompt to the last), so each workspace's start, end and longest pause.
            var byWorkspace = posts.GroupBy(p => p.Authorization).Select(g => g.Select(p => p.At).Order().ToList()).ToList();
            static string Spread(IEnumerable<double> seconds)
            {
                var sorted = seconds.Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Count / 2]:F1} s, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} s, max {sorted[^1]:F1} s");
            }

            Console.WriteLine($"  per workspace, from the first prompt: start {Spread(byWorkspace.Select(at => (at[0] - first).TotalSeconds))}; end {Spread(byWorkspace.Select(at => (at[^1] - first).TotalSeconds))}");
            Console.WriteLine($"  per workspace, longest pause between two prompts: {Spread(byWorkspace.Select(at => at.Count < 2 ? 0 : at.Zip(at.Skip(1), (a, b) => (b - a).TotalSeconds).Max()))}");
            // When the pauses happened (a warm-up, a vacuum, a pass boundary), and what they cost: the time beyond one interval.
            var interval = 1 / Math.Max(1, perWorkspacePerSecond);
            var pauses = byWorkspace
                .SelectMany(at => at.Zip(at.Skip(1), (a, b) => (Window: (int)((a - first).TotalSeconds / 10), Gap: (b - a).TotalSeconds)))
                .Where(p => p.Gap > 0.3)
                .GroupBy(p => p.Window)
                .OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key * 10}–{(g.Key + 1) * 10} s: {g.Count()} ({g.Sum(p => p.Gap - interval):F0} s)"));
            Console.WriteLine($"  pauses over 0.3 s by 10 s window from the first prompt (workspace-seconds lost): {string.Join(", ", pauses)}");
            // The first seconds in finer steps: where the rounds are still being opened, or the hosts' send path is still cold.
            var firstSeconds = byWorkspace
                .SelectMany(at => at.Zip(at.Skip(1), (a, b) => (Second: (int)(a - first).TotalSeconds, Gap: (b - a).TotalSeconds)))
                .Where(p => p.Gap > 0.3 && p.Second < 10)
                .GroupBy(p => p.Second)
                .OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} s: {g.Count()} ({g.Sum(p => p.Gap - interval):F0} s)"));
            Console.WriteLine($"  of which by second in the first 10 s: {string.Join(", ", firstSeconds)}");

            // A post whose answer its caller never took (it timed out on a starved machine) is retried: the README's second duplicate case.
            var notTaken = slack.AnswersNotTaken("chat.postMessage", TimeSpan.FromSeconds(1)).Count(c => c.Arg("channel") is { } channel && channel.StartsWith('U'));
            Console.WriteLine($"  lost {expected - distinct}, duplicated {posts.Count - distinct} (posts whose answer the caller did not take: {notTaken}), 429s from Slack {slack.RateLimitedByMethod.GetValueOrDefault("chat.postMessage")}");
            var sent = Math.Max(1, posts.Count);
            var hostsPerPrompt = hostCpu.Sum() / sent;
            var fakePerPrompt = driverCpu / sent;
            double? serverPerPrompt = serverCpu is { } seconds ? seconds * 1000 / sent : null;
            Console.WriteLine("  send-phase CPU per prompt sent (slot to last prompt):");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | hosts      | {hostsPerPrompt,6:F3} ms | {string.Join(" + ", hostCpu.Select(ms => (ms / 1000).ToString("F1", CultureInfo.InvariantCulture)))} s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | PostgreSQL | {(serverPerPrompt is { } pg ? pg.ToString("F3", CultureInfo.InvariantCulture) : "   n/a"),6} ms | {(serverCpu is { } pgs ? pgs.ToString("F1", CultureInfo.InvariantCulture) + " s" : "its processes' /proc not readable (not local?)")} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | fake Slack and driver | {fakePerPrompt,6:F3} ms | {driverCpu / 1000:F1} s |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    | total      | {hostsPerPrompt + fakePerPrompt + (serverPerPrompt ?? 0),6:F3} ms |{(serverPerPrompt is null ? " PostgreSQL not counted" : "")}"));
            if (statementRows.Count > 0)
            {
                Console.WriteLine("  PostgreSQL statements of the send phase by total time (pg_stat_statements), per prompt sent:");
                foreach (var row in statementRows)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"    {row.TotalMs / sent,7:F3} ms {(double)row.Calls / sent,6:F2} calls {row.TotalMs / Math.Max(1, row.Calls),8:F3} ms/call  {row.Query}"));
                }
            }

            Console.WriteLine($"  per instance: {string.Join(", ", posts.GroupBy(p => p.Caller).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()} ({100.0 * g.Count() / posts.Count:F0} %)")))}");
            return distinct == expected && posts.Count == distinct ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="perWorkspace"/> messages to each workspace's warm-up people (<c>W…</c>: the run counts only
    /// prompts to <c>U…</c>) and waits until the fake has them all, or the slot. Half are weekly prompts queued as a round
    /// queues them (one shared body per workspace, each row its member's mention), so the hosts have sent prompts of that
    /// shape before, as hosts that ran last week's round have; half are stored whole (notices, replies).
    /// </summary>
    private static async Task WarmUpAsync(TestDatabase database, FakeSlack slack, int workspaces, int perWorkspace, DateTimeOffset opens)
    {
        var clock = Stopwatch.StartNew();
        var message = new ChatMessage("checkin.prompt", "Weekly check-in", [new HeaderBlock("Weekly check-in"), new TextBlock("Warm-up: not counted.")]);
        await using (var session = await database.Store.BeginAsync(CancellationToken.None))
        {
            var now = DateTimeOffset.UtcNow;
            var whole = perWorkspace / 2;
            await session.Outbox.EnqueueManyAsync(
                [.. Enumerable.Range(0, workspaces).SelectMany(w => Enumerable.Range(0, whole).Select(m => OutboxMessage.DirectMessageTo(
                    WarmUpIdentity(w, m),
                    message,
                    string.Create(CultureInfo.InvariantCulture, $"scale:warmup:{w}:person:{m}"),
                    null,
                    now)))],
                CancellationToken.None);
            var cycle = new CheckInCycle { Id = 0, TeamId = 0, WeekOf = DateOnly.FromDateTime(now.UtcDateTime), OpensAt = now, RemindAt = now.AddHours(4), ClosesAt = now.AddDays(1) };
            var forms = new PromptForms(cycle, new Team { Id = 0, ProgramId = 0, Name = "Warm-up" }, [], []);
            var template = new PromptTemplate(person => forms.Prompt(person, "Etc/UTC"));
            var bodies = Enumerable.Range(0, workspaces).Select(w => new SharedBody(
                string.Create(CultureInfo.InvariantCulture, $"scale:warmup:{w}"),
                string.Create(CultureInfo.InvariantCulture, $"slack:TS{w:D4}"),
                null,
                CheckInMessages.PromptKind,
                template.Shared ?? throw new InvalidOperationException("The prompt cannot be shared"),
                template.Placeholder)).ToList();
            await session.Outbox.EnqueueSharedAsync(
                bodies,
                [.. Enumerable.Range(0, workspaces).SelectMany(w => Enumerable.Range(whole, perWorkspace - whole).Select(m => new PersonalMessage(
                    WarmUpIdentity(w, m),
                    bodies[w].Key,
                    PromptTemplate.Personal(new Person { Id = m, WorkspaceId = bodies[w].WorkspaceId, Identity = WarmUpIdentity(w, m), DisplayName = $"W{m}", TimeZone = "Etc/UTC" }),
                    string.Create(CultureInfo.InvariantCulture, $"scale:warmup:{w}:person:{m}"),
                    now)))],
                CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        var wanted = workspaces * perWorkspace;
        int sent;
        while ((sent = WarmUps(slack)) < wanted && DateTimeOffset.UtcNow < opens)
        {
            await Task.Delay(250);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: warm-up: {sent}/{wanted} messages ({perWorkspace} per workspace, not counted) sent in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    private static string WarmUpIdentity(int workspace, int member) => string.Create(CultureInfo.InvariantCulture, $"slack:TS{workspace:D4}:W{member:D5}");

    private static int WarmUps(FakeSlack slack) => slack.CallsTo("chat.postMessage").Count(c => c.Arg("channel") is { } channel && channel.StartsWith('W'));

    private static List<FakeSlackCall> Prompts(FakeSlack slack) =>
        [.. slack.CallsTo("chat.postMessage").Where(c => c.Arg("channel") is { } channel && channel.StartsWith('U'))];

    /// <summary>Installs the workspaces with their teams; with <paramref name="queuedAt"/>, no schedules but every prompt already queued, due then.</summary>
    private static async Task SeedAsync(TestDatabase database, FakeSlack slack, string key, int workspaces, int members, DateTimeOffset? queuedAt)
    {
        var protector = SlackTokenProtector.FromBase64(key);
        var installations = new WorkspaceInstallationRepository(database.Store);
        for (var w = 0; w < workspaces; w++)
        {
            var team = string.Create(CultureInfo.InvariantCulture, $"TS{w:D4}");
            var workspaceId = $"slack:{team}";
            var token = $"xoxb-scale-{w}";
            slack.BotTokens[token] = team;
            await using (var session = await database.Store.BeginAsync(CancellationToken.None))
            {
                await Seed.WorkspaceAsync(session, workspaceId);
                var program = await Seed.ProgramAsync(session, $"Program {w}", workspaceId);
                for (var t = 0; t < TeamsPerWorkspace; t++)
                {
                    var teamRow = await Seed.TeamAsync(session, program.Id, $"Team {t}");
                    if (queuedAt is not null)
                    {
                        continue;
                    }

                    await session.Teams.SetScheduleAsync(
                        new CheckInSchedule { TeamId = teamRow.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Etc/UTC", UpdatedAt = Seed.Now },
                        CancellationToken.None);
                    for (var m = t; m < members; m += TeamsPerWorkspace)
                    {
                        var person = await Seed.PersonAsync(session, string.Create(CultureInfo.InvariantCulture, $"U{m:D5}"), workspaceId, "Etc/UTC");
                        await session.Teams.AddMemberAsync(new TeamMembership { TeamId = teamRow.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
                    }
                }

                if (queuedAt is { } due)
                {
                    var prompt = new ChatMessage("checkin.prompt", "Weekly check-in", [new HeaderBlock("Weekly check-in"), new TextBlock("What did you do, what is next, anything blocking?")]);
                    await session.Outbox.EnqueueManyAsync(
                        [.. Enumerable.Range(0, members).Select(m => OutboxMessage.DirectMessageTo(
                            string.Create(CultureInfo.InvariantCulture, $"{workspaceId}:U{m:D5}"),
                            prompt,
                            string.Create(CultureInfo.InvariantCulture, $"checkin:prompt:scale:{w}:person:{m}"),
                            program.Id,
                            due))],
                        CancellationToken.None);
                }

                await session.CommitAsync(CancellationToken.None);
            }

            await installations.UpsertAsync(
                new WorkspaceInstallation
                {
                    WorkspaceId = workspaceId,
                    WorkspaceName = team,
                    BotUserId = "UBOT",
                    EncryptedBotToken = protector.Protect(team, token),
                    InstalledByUserId = "U00000",
                    InstalledAt = Seed.Now,
                },
                CancellationToken.None);
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
