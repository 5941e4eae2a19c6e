using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StatusBot.Host.Tests.Infrastructure;

namespace StatusBot.Host.Tests.Playground;

/// <summary>A playground <c>@name</c> means the person who logs in with that name, or is refused.</summary>
public sealed class PlaygroundMentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempSqlite() =>
        $"ConnectionStrings:StatusBot=Data Source={Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db")}";

    [Fact]
    public async Task A_mention_in_other_letter_case_is_the_same_person_as_the_login()
    {
        await using var host = await StartWithTeamAsync();
        await CommandAsync(host, "tina", "team members Payments @alice");

        var again = await CommandAsync(host, "tina", "team members Payments @Alice");

        Assert.DoesNotContain("data-kind=\"command.error\"", again, StringComparison.Ordinal);
        var people = await PeopleAsync(host);
        Assert.Single(people, p => p.Equals("alice", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("alice", people);
    }

    [Fact]
    public async Task A_mention_nobody_can_log_in_as_is_refused_with_the_naming_rule_and_nothing_is_stored()
    {
        await using var host = await StartWithTeamAsync();
        var before = await PeopleAsync(host);

        var reply = await CommandAsync(host, "tina", "team members Payments @bob @zoë");

        Assert.Contains("data-kind=\"command.error\"", reply, StringComparison.Ordinal);
        Assert.Contains("@zoë is not a playground name: use letters, digits, '.', '_' or '-' (up to 32, starting with a letter)", WebUtility.HtmlDecode(reply), StringComparison.Ordinal);
        Assert.Equal(before, await PeopleAsync(host));
        var login = await host.Client.GetAsync($"/playground/api/inbox?as={Uri.EscapeDataString("zoë")}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode); // the same rule as the log-in
    }

    private static async Task<RunningHost> StartWithTeamAsync()
    {
        var host = await RunningHost.StartAsync(TempSqlite());
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        foreach (var command in new[] { "program create Apollo", "team add Payments to Apollo" })
        {
            Assert.DoesNotContain("data-kind=\"command.error\"", await CommandAsync(host, "tina", command), StringComparison.Ordinal);
        }

        return host;
    }

    private static async Task<string> CommandAsync(RunningHost host, string who, string text)
    {
        var response = await host.Client.PostAsJsonAsync("/playground/api/command", new { @as = who, text }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("html").GetString()!;
    }

    private static async Task<List<string>> PeopleAsync(RunningHost host) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>("/playground/api/people", Ct)).EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
}
