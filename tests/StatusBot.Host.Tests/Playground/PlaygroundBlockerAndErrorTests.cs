using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Playground.Demo;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Playground;

/// <summary>
/// Through the real host over loopback HTTP: the README's own playground steps, then the demo (twice, and with
/// <c>--demo</c> on that database); blockers resolved from the playground form, a DM and a command; and errors that
/// answer with a message, never a stack trace, in Development too.
/// </summary>
public sealed class PlaygroundBlockerAndErrorTests
{
    private const string Hostile = "waiting on review <!channel> [innocent](http://evil.example) <b>bold</b>";

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_demo_loads_after_the_readme_steps_twice_and_with_demo_on_the_same_database(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var host = await StartAsync(db))
        {
            await ReadmeStepsAsync(host);

            var first = await host.Client.PostAsync("/playground/api/demo", null, Ct);
            var second = await host.Client.PostAsync("/playground/api/demo", null, Ct);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            var (one, two) = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct), await second.Content.ReadFromJsonAsync<JsonElement>(Ct));
            Assert.True(one.GetProperty("created").GetBoolean());
            Assert.False(two.GetProperty("created").GetBoolean());
            Assert.Equal(one.GetProperty("programId").GetInt64(), two.GetProperty("programId").GetInt64());
        }

        // The same database again, started with --demo: it is kept, and the people of the README's steps are still one each.
        await using (var again = await StartAsync(db, "demo"))
        {
            await again.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            var programs = await Eventually(async () => await CommandAsync(again, "tina", "program list") is var list && list.Contains(DemoProgramSeeder.ProgramName, StringComparison.Ordinal) ? list : null);
            Assert.Contains("Apollo", programs!, StringComparison.Ordinal);
        }

        await using var session = await db.Store.BeginAsync(Ct);
        var people = await session.People.ListAsync("playground", Ct);
        Assert.Single(people, p => p.Identity == "playground:alice");
        Assert.Single(people, p => p.Identity == "playground:tina");
        var demo = await session.Programs.FindByNameAsync("playground", DemoProgramSeeder.ProgramName, Ct);
        var alice = people.Single(p => p.Identity == "playground:alice");
        var memberships = await session.Teams.ListMembershipsOfAsync(alice.Id, Ct);
        Assert.Equal(2, memberships.Count); // Payments of Apollo (README) and her team in the demo
        Assert.NotNull(demo);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Blockers_resolve_from_the_playground_form_a_dm_and_a_command_and_the_digest_shows_typed_text_escaped(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        await ReadmeStepsAsync(host);
        await DmAsync(host, "alice", $"at risk\nprogress: ledger API done\nblockers: {Hostile}; flaky CI; no staging data; vendor SDK");
        var ids = await OpenBlockerIdsAsync(db);
        Assert.Equal(4, ids.Count);

        // (a) Bob opens the form from his prompt: a checkbox per open blocker of the team; he ticks one.
        var prompt = await Eventually(async () => (await InboxAsync(host, "bob")).FirstOrDefault(h => h.Contains("data-action=\"checkin.open\"", StringComparison.Ordinal)));
        var cycleId = prompt!.Split("data-action=\"checkin.open\" data-value=\"")[1].Split('"')[0];
        var opened = await PostAsync(host, "/playground/api/press", new { @as = "bob", actionId = "checkin.open", value = cycleId });
        var form = opened.GetProperty("formHtml").GetString()!;
        Assert.All(ids, id => Assert.Contains($"<input type=\"checkbox\" name=\"blocker:{id}:resolved\">", form, StringComparison.Ordinal));
        Assert.Contains($"#{ids[0]} resolved: waiting on review &lt;!channel&gt; [innocent](http://evil.example) &lt;b&gt;bold&lt;/b&gt;", form, StringComparison.Ordinal);
        var submitted = await PostAsync(host, "/playground/api/submit", new
        {
            @as = "bob",
            formId = $"checkin:{cycleId}",
            values = new Dictionary<string, string> { ["status"] = "on_track", ["progress"] = "CI fixed", [$"blocker:{ids[1]}:resolved"] = "true", [$"blocker:{ids[2]}:resolved"] = "false" },
        });
        Assert.Contains($"#{ids[1]} &quot;flaky CI&quot;", submitted.GetProperty("html").GetString(), StringComparison.Ordinal);

        // (c) Alice resolves one with a DM of only "resolved:".
        var dm = await DmAsync(host, "alice", $"resolved: #{ids[2]}");
        Assert.Contains($"Resolved blocker #{ids[2]} &quot;no staging data&quot;", dm, StringComparison.Ordinal);

        // (b) The TPM resolves one by command; a second try says by whom and when, and changes nothing.
        Assert.Contains($"Resolved blocker #{ids[3]}", await CommandAsync(host, "tina", $"blocker resolve {ids[3]} \"SDK arrived\""), StringComparison.Ordinal);
        var twice = await CommandAsync(host, "alice", $"blocker resolve {ids[3]}");
        Assert.Contains("was already resolved by", twice, StringComparison.Ordinal);
        Assert.Contains("@tina", twice, StringComparison.Ordinal);

        Assert.Equal([ids[0]], await OpenBlockerIdsAsync(db));
        var digest = await CommandAsync(host, "tina", "status Apollo");
        Assert.Contains("Resolved this week:</strong> 3 blockers", digest, StringComparison.Ordinal);
        Assert.Contains("waiting on review &lt;!channel&gt; [innocent](http://evil.example) &lt;b&gt;bold&lt;/b&gt;", digest, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http://evil.example\"", digest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_endpoint_answers_with_a_stack_trace_even_in_development()
    {
        var file = Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");
        await using var host = await RunningHost.StartAsync($"ConnectionStrings:StatusBot=Data Source={file}", "environment=Development", "Dashboard:ReaderTokens:0=reader-token-0123456789");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await CommandAsync(host, "tina", "program create Apollo");

        // A body that is not JSON: 400 with problem details saying what is wrong.
        var garbled = await host.Client.PostAsync("/playground/api/command", new StringContent("{not json", Encoding.UTF8, "application/json"), Ct);
        var garbledBody = await garbled.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Equal("application/problem+json", garbled.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The request could not be read", garbledBody, StringComparison.Ordinal);

        // The database breaks under the running host: the API answers problem details, the dashboard a page, neither a trace.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync(Ct);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "drop table blockers";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        var api = await host.Client.GetAsync("/playground/api/people?as=tina", Ct);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync(Ct);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "alter table people rename to people_gone";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        var broken = await host.Client.GetAsync("/playground/api/people", Ct);
        var page = await host.Client.GetAsync("/programs/1?token=reader-token-0123456789", Ct);
        var brokenBody = await broken.Content.ReadAsStringAsync(Ct);
        var pageBody = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong on StatusBot's side", brokenBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong on StatusBot&#39;s side", pageBody, StringComparison.Ordinal);
        foreach (var body in new[] { garbledBody, brokenBody, pageBody })
        {
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("StatusBot.", body, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static Task<RunningHost> StartAsync(TestDatabase db, params string[] more) =>
        RunningHost.StartAsync(
            [
                $"Storage:Provider={db.Provider}",
                $"ConnectionStrings:StatusBot={db.ConnectionString}",
                "Outbox:IdleDelay=00:00:00.200",
                "Logging:LogLevel:Default=Warning",
                .. more,
            ]);

    /// <summary>Step 2 of the README's playground section, as tina types it.</summary>
    private static async Task ReadmeStepsAsync(RunningHost host)
    {
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        foreach (var command in new[]
        {
            "/statusbot program create Apollo", "/statusbot team add Payments to Apollo", "/statusbot team members Payments @alice @bob",
            "/statusbot program channel Apollo #leadership", "/statusbot team schedule Payments monday 09:00 Europe/Berlin window 24h remind 4h",
            "/statusbot checkin start Payments",
        })
        {
            var reply = await CommandAsync(host, "tina", command);
            Assert.DoesNotContain("data-kind=\"command.error\"", reply, StringComparison.Ordinal);
        }
    }

    private static async Task<string> CommandAsync(RunningHost host, string who, string text) =>
        (await PostAsync(host, "/playground/api/command", new { @as = who, text })).GetProperty("html").GetString()!;

    private static async Task<string> DmAsync(RunningHost host, string who, string text) =>
        (await PostAsync(host, "/playground/api/dm", new { @as = who, text })).GetProperty("html").GetString()!;

    private static async Task<JsonElement> PostAsync(RunningHost host, string path, object body)
    {
        var response = await host.Client.PostAsJsonAsync(path, body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task<IReadOnlyList<string>> InboxAsync(RunningHost host, string who) =>
        (await host.Client.GetFromJsonAsync<JsonElement>($"/playground/api/inbox?as={who}", Ct)).EnumerateArray().Select(m => m.GetProperty("html").GetString()!).ToList();

    private static async Task<List<long>> OpenBlockerIdsAsync(TestDatabase db)
    {
        await using var session = await db.Store.BeginAsync(Ct);
        var program = await session.Programs.FindByNameAsync("playground", "Apollo", Ct);
        return (await session.History.ListOpenBlockersAsync(program!.Id, Ct)).Select(b => b.Id).Order().ToList();
    }

    private static async Task<T?> Eventually<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await probe();
            if (value is not null || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200, Ct);
        }
    }
}
