using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using StatusBot.Host;
using StatusBot.MicrosoftTeams.Tests.Fakes;
using StatusBot.Testing;

namespace StatusBot.MicrosoftTeams.Tests.Inbound;

/// <summary>
/// The real StatusBot host on loopback with Teams configured and the real core behind it, talking to a
/// <see cref="FakeBotConnector"/> (Entra's token endpoint and the Bot Connector) and trusting keys published by a
/// <see cref="FakeBotFrameworkKeys"/> OpenID metadata endpoint. Activities are posted with tokens signed the way Bot
/// Framework signs them.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    public const string Kid = "teams-test-key";
    public const string BotId = "28:" + FakeBotFrameworkKeys.AppId;
    public const string Tenant = FakeBotConnector.TenantId;

    private readonly WebApplication _app;
    private readonly string? _schedulerFile;

    private TeamsHost(WebApplication app, FakeBotConnector connector, FakeBotFrameworkKeys keys, RSA key, TestDatabase database, string? schedulerFile)
    {
        _app = app;
        _schedulerFile = schedulerFile;
        Connector = connector;
        Keys = keys;
        Key = key;
        Database = database;
        Http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0].TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeBotConnector Connector { get; }
    public FakeBotFrameworkKeys Keys { get; }
    public RSA Key { get; }
    public TestDatabase Database { get; }
    public HttpClient Http { get; }

    /// <summary>The service URL of every activity: the fake Connector's.</summary>
    public string ServiceUrl => Connector.ServiceUrl.ToString();

    /// <param name="admins">Workspace admins as identities (<c>teams:&lt;tenant&gt;:&lt;aadObjectId&gt;</c>).</param>
    public static async Task<TeamsHost> StartAsync(StoreKind store, params string[] admins)
    {
        var connector = await FakeBotConnector.StartAsync();
        var keys = await FakeBotFrameworkKeys.StartAsync();
        var key = keys.Publish(Kid, "msteams");
        var database = await TestDatabase.CreateEmptyAsync(store);
        var schedulerFile = store == StoreKind.Sqlite
            ? Path.ChangeExtension(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource, null) + ".scheduler.db"
            : null;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider", database.Provider.ToString(),
            "--ConnectionStrings:StatusBot", database.ConnectionString,
            "--Dashboard:SigningKey", TestKeys.DashboardSigningKey,
            "--Teams:AppId", FakeBotFrameworkKeys.AppId,
            "--Teams:AppPassword", "app-password",
            "--Teams:TenantId", Tenant,
            "--Teams:OpenIdMetadataUrl", keys.MetadataUrl.ToString(),
            "--Teams:TokenEndpoint", connector.TokenEndpoint.ToString(),
            "--Outbox:IdleDelay", "00:00:00.050",
            "--Inbound:IdleDelay", "00:00:00.050",
            "--Scheduling:IdleWaitTime", "00:00:01",
            "--Logging:LogLevel:Default", "Warning",
            .. schedulerFile is null ? Array.Empty<string>() : ["--Scheduling:SqliteFile", schedulerFile],
            .. admins.SelectMany((admin, i) => new[] { $"--StatusBot:Admins:{i}", admin }),
        ];
        var app = StatusBotApp.Build(args);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var host = new TeamsHost(app, connector, keys, key, database, schedulerFile);
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await host.Http.GetAsync("readyz");
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(30),
            "the host reports ready (/readyz)");
        return host;
    }

    public static string Person(string aadObjectId) => $"teams:{Tenant}:{aadObjectId}";

    /// <summary>Posts an activity with a valid Bot Framework token (or the one given) to <c>/api/messages</c>.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null, bool noToken = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!noToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token());
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A token as Bot Framework issues it for this bot and the fake's service URL.</summary>
    public string Token(string? audience = null, string? serviceUrl = null) =>
        FakeBotFrameworkKeys.Token(Key, Kid, TimeProvider.System.GetUtcNow(), audience: audience ?? FakeBotFrameworkKeys.AppId, serviceUrl: serviceUrl ?? ServiceUrl);

    /// <summary>Rows of a table: what a refused request must not have added.</summary>
    public async Task<int> CountAsync(string table)
    {
        await using var connection = await Database.Dialect.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<int>($"select count(*) from {table}");
    }

    /// <summary>Activities the bot sent into <paramref name="conversationId"/> (replies included), as JSON.</summary>
    public IReadOnlyList<RecordedRequest> SentTo(string conversationId) =>
        [.. Connector.Accepted.Where(r => r.Method == "POST" && r.Path.StartsWith($"/teams/v3/conversations/{conversationId}/activities", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
        await Keys.DisposeAsync();
        await Database.DisposeAsync();
        if (_schedulerFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _schedulerFile, _schedulerFile + "-wal", _schedulerFile + "-shm", _schedulerFile + "-journal" })
            {
                File.Delete(path);
            }
        }
    }
}

/// <summary>Bounded polling for asynchronous effects (inbound and outbox workers): no fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> FindAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? describe = null)
        where T : class
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#}s waiting until {what}" + (describe is null ? "." : $"; {describe()}"));
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null) =>
        FindAsync<object>(async () => await condition() ? new object() : null, timeout, what, describe);

    public static Task<T> Find<T>(Func<T?> probe, TimeSpan timeout, string what, Func<string>? describe = null)
        where T : class =>
        FindAsync(() => Task.FromResult(probe()), timeout, what, describe);
}
