using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using StatusBot.Host.Tests.Commands;
using StatusBot.Host.Tests.Infrastructure;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Security;

/// <summary>
/// The real host on loopback with every inbound endpoint switched on at once, as an exposed deployment would have
/// it: Slack (signed requests and the OAuth install), Microsoft Teams (tokens checked against a loopback key set),
/// the playground and the dashboard (a reader token of the playground workspace). Errors the host logs are captured.
/// </summary>
public sealed class ExposedHost : IAsyncDisposable
{
    public const string SigningSecret = "exposed-signing-secret-0123456789";
    public const string TeamsAppId = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string TeamsTenant = "7b2e1d3f-4c5e-4f60-9b0a-1d2e3f4a5b6c";
    public const string ReaderToken = "exposed-reader-token-0123456789";
    public const string TokenEncryptionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private readonly WebApplication _keys;

    private ExposedHost(RunningHost host, TestDatabase database, WebApplication keys, RSA teamsKey, ErrorLog errors)
    {
        TeamsKey = teamsKey;
        Host = host;
        Database = database;
        _keys = keys;
        Errors = errors;
    }

    public RunningHost Host { get; }

    /// <summary>The private half of the key the loopback key set publishes for Teams (to forge tokens that are refused for other reasons).</summary>
    public RSA TeamsKey { get; }
    public HttpClient Client => Host.Client;
    public TestDatabase Database { get; }

    /// <summary>Every entry logged at Error or above since start (an exception that escaped a handler lands here).</summary>
    public ErrorLog Errors { get; }

    public static async Task<ExposedHost> StartAsync(StoreKind store)
    {
        var rsa = RSA.Create(2048);
        var keys = await StartKeySetAsync(rsa);
        var database = await TestDatabase.CreateEmptyAsync(store);
        var errors = new ErrorLog();
        var host = await RunningHost.StartAsync(
            builder => builder.Logging.AddProvider(errors),
            $"Storage:Provider={database.Provider}",
            $"ConnectionStrings:StatusBot={database.ConnectionString}",
            "Logging:LogLevel:Default=Warning",
            "Playground:Enabled=true",
            $"Slack:SigningSecret={SigningSecret}",
            "Slack:BotToken=xoxb-exposed-test",
            $"Slack:ApiBaseUrl={keys.Urls.First()}/api/",
            "Slack:ClientId=111.222",
            "Slack:ClientSecret=client-secret",
            $"Slack:TokenEncryptionKey={TokenEncryptionKey}",
            $"Teams:AppId={TeamsAppId}",
            "Teams:AppPassword=app-password",
            $"Teams:TenantId={TeamsTenant}",
            $"Teams:OpenIdMetadataUrl={keys.Urls.First()}/v1/.well-known/openidconfiguration",
            "Teams:TokenEndpoint=http://127.0.0.1:9/token",
            "Dashboard:ReaderTokens:0:Workspace=playground",
            $"Dashboard:ReaderTokens:0:Token={ReaderToken}");
        await host.WaitForStatusAsync("/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return new ExposedHost(host, database, keys, rsa, errors);
    }

    /// <summary>Slack's signature of <paramref name="body"/> at <paramref name="timestamp"/> with <paramref name="secret"/>.</summary>
    public static string SlackSignature(string body, long timestamp, string secret = SigningSecret) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Every table of the bot, plus what unauthenticated requests could reach: inbound work, workspace installs, OAuth nonces, conversation references.</summary>
    public Task<string> FingerprintAsync() => StoreFingerprint.TakeAsync(Database, ["inbound_work", "workspace_installations", "install_states", "conversation_references"]);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _keys.StopAsync();
        await _keys.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// On loopback: an OpenID metadata document and a key set with one RSA key endorsed for Teams, and a Slack Web API
    /// that answers every method <c>ok</c> (so signed requests run their whole path without reaching the internet).
    /// </summary>
    private static async Task<WebApplication> StartKeySetAsync(RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) => Results.Json(new JsonObject
        {
            ["issuer"] = "https://api.botframework.com",
            ["jwks_uri"] = $"http://{context.Request.Host}/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/v1/.well-known/keys", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = "exposed-key",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        }));
        app.Map("/api/{method}", () => Results.Json(new JsonObject
        {
            ["ok"] = true,
            ["ts"] = "1700000000.000100",
            ["channel"] = "D0EXPOSED",
            ["user"] = new JsonObject { ["id"] = "U0EXPOSED", ["tz"] = "UTC", ["real_name"] = "Exposed", ["profile"] = new JsonObject { ["display_name"] = "exposed" } },
        }));
        await app.StartAsync();
        return app;
    }

    /// <summary>Keeps every log entry at Error or above, with its exception.</summary>
    public sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyList<string> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    entries.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{logLevel} {category}: {formatter(state, exception)} {exception}"));
                }
            }
        }
    }
}
