using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatusBot.Host.Security;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Security;

/// <summary>
/// What an exposed host shows the internet: a body past an endpoint's limit is refused with 413 before it is read
/// (declared or chunked), errors are problem details or a short page, and the HTML pages carry the security headers.
/// </summary>
public sealed class ExposureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every endpoint a caller can reach, with the method it answers and the limit the README states.</summary>
    private static readonly (string Method, string Path, long Limit)[] Endpoints =
    [
        ("POST", "/slack/commands", 64 * 1024),
        ("POST", "/slack/interactions", 1024 * 1024),
        ("POST", "/slack/events", 1024 * 1024),
        ("POST", "/api/messages", 256 * 1024),
        ("POST", "/playground/api/command", 64 * 1024),
        ("POST", "/playground/api/submit", 64 * 1024),
        ("GET", "/programs/1", 16 * 1024),
        ("GET", "/slack/oauth/callback", 16 * 1024),
        ("GET", "/slack/install", 16 * 1024),
        ("GET", "/", 16 * 1024),
        ("POST", "/hangfire/jobs/enqueued/delete", 64 * 1024),
    ];

    [Fact]
    public void The_stated_limits_are_the_enforced_ones()
    {
        foreach (var (_, path, limit) in Endpoints)
        {
            Assert.Equal(limit, RequestLimits.For(new Microsoft.AspNetCore.Http.PathString(path)));
        }
    }

    [Fact]
    public async Task A_body_past_each_endpoints_limit_gets_413_before_it_is_read_and_changes_nothing()
    {
        await using var host = await ExposedHost.StartAsync(StoreKind.Sqlite);
        var before = await host.FingerprintAsync();

        foreach (var (method, path, limit) in Endpoints)
        {
            // Declared length: refused from the headers alone.
            using var declared = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(new byte[limit + 1]) };
            declared.Content.Headers.ContentType = new("application/json");
            var tooLarge = await host.Client.SendAsync(declared, Ct);
            await ExpectTooLargeAsync(tooLarge, limit, $"{method} {path} with Content-Length {limit + 1}");

            // Chunked: no length up front; the read stops at the limit. (Pages never read a body: theirs is discarded unread.)
            if (method == "GET")
            {
                continue;
            }

            var cut = await SendChunkedAsync(host.Client, method, path, limit + 64 * 1024);
            await ExpectTooLargeAsync(cut, limit, $"{method} {path} chunked, {limit + 64 * 1024} bytes {string.Join('\n', host.Errors.Entries)}");
        }

        Assert.Equal(before, await host.FingerprintAsync());
        Assert.Empty(host.Errors.Entries);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read_as_before()
    {
        await using var host = await ExposedHost.StartAsync(StoreKind.Sqlite);

        // 60 KB of command text is within the playground's 64 KB: it is read and answered (a teaching error, not a 413).
        var command = await host.Client.PostAsJsonAsync("/playground/api/command", new { @as = "tina", text = "help " + new string('x', 60_000) }, Ct);
        var unsigned = await host.Client.PostAsync("/slack/events", new StringContent(new string(' ', 900_000) + "{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public async Task Html_pages_carry_a_content_security_policy_nosniff_and_no_referrer()
    {
        await using var host = await ExposedHost.StartAsync(StoreKind.Sqlite);
        var demo = await (await host.Client.PostAsync("/playground/api/demo", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var program = demo.GetProperty("programId").GetInt64();
        var signed = new Uri(demo.GetProperty("dashboard").GetString()!).PathAndQuery;

        var pages = new Dictionary<string, HttpResponseMessage>
        {
            ["home"] = await host.Client.GetAsync("/", Ct),
            ["playground"] = await host.Client.GetAsync("/playground", Ct),
            ["dashboard by link"] = await host.Client.GetAsync(signed, Ct),
            ["dashboard by token"] = await host.Client.GetAsync($"/programs/{program}?token={ExposedHost.ReaderToken}", Ct),
            ["dashboard refused"] = await host.Client.GetAsync($"/programs/{program}", Ct),
        };

        foreach (var (name, page) in pages)
        {
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.True(page.Headers.TryGetValues("Content-Security-Policy", out var csp), name);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(csp));
            Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));

            // No inline script anywhere: every script element loads a file StatusBot serves.
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(" on[a-z]+=\"", html);
        }

        Assert.Equal(HttpStatusCode.Forbidden, pages["dashboard refused"].StatusCode);
        Assert.Contains("<script src=\"/playground/playground.js\"></script>", await pages["playground"].Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var script = await host.Client.GetAsync("/playground/playground.js", Ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("refreshPeople", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var api = await host.Client.GetAsync("/playground/api/people", Ct);
        Assert.Equal("nosniff", Assert.Single(api.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }

    private static async Task ExpectTooLargeAsync(HttpResponseMessage response, long limit, string what)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Contains(RequestLimits.TooLarge(limit), WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A body sent without a length, so HttpClient uses chunked transfer encoding: the start of a JSON string that never
    /// ends (a JSON reader must read on to the limit; zeros were refused as bad JSON at the first byte, before the limit).
    /// </summary>
    /// <summary>
    /// Sends a chunked body of <paramref name="length"/> bytes. The server answers 413 at its limit and closes the
    /// connection; when that close reaches the client while it still writes (the last chunk's terminator), the client
    /// reports a broken pipe instead of the answer, a race of the transport, not of the server. Tried up to three times:
    /// the answer must come back at least once.
    /// </summary>
    private static async Task<HttpResponseMessage> SendChunkedAsync(HttpClient client, string method, string path, long length)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var chunked = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ChunkedContent(length) };
            chunked.Content.Headers.ContentType = new(path.StartsWith("/hangfire", StringComparison.Ordinal) ? "application/x-www-form-urlencoded" : "application/json");
            try
            {
                return await client.SendAsync(chunked, Ct);
            }
            catch (HttpRequestException exception) when (attempt < 3 && exception.InnerException is IOException)
            {
                // The connection was closed under the request's last writes: send it again.
            }
        }
    }

    private sealed class ChunkedContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'a');
            "{\"text\":\""u8.CopyTo(chunk);
            for (var sent = 0L; sent < length; sent += chunk.Length)
            {
                try
                {
                    await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
                    chunk.AsSpan(0, 9).Fill((byte)'a'); // the opening only once
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException)
                {
                    // The server answered 413 and closed the connection: the rest is not wanted.
                    return;
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
