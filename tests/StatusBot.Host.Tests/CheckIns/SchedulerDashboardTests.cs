using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace StatusBot.Host.Tests.CheckIns;

/// <summary>
/// The operator dashboard at <c>/hangfire</c>, over real HTTP on loopback: open to a caller on this machine, refused to
/// anything forwarded by a proxy the settings do not trust, and open to a remote caller only through a trusted proxy with
/// the configured credential. The home page links it exactly when the caller may open it.
/// </summary>
public sealed class SchedulerDashboardTests
{
    private const string Token = "operator-token-0123456789abcdef";
    private const string RemoteClient = "203.0.113.7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_caller_on_this_machine_opens_the_dashboard_and_sees_the_link_but_a_forwarded_caller_does_not()
    {
        await using var app = await CheckInHost.StartAsync(CheckInHost.NewDatabaseFile());
        using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]) };

        var local = await http.GetAsync(new Uri("/hangfire", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("StatusBot scheduler", await local.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("href=\"/hangfire\"", await http.GetStringAsync(new Uri("/", UriKind.Relative), Ct), StringComparison.Ordinal);

        // A reverse proxy on this machine: the connection is loopback, but the caller is not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "/hangfire", forwardedFor: RemoteClient)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "/hangfire/jobs/scheduled", forwardedFor: RemoteClient)).StatusCode);
        var home = await SendAsync(http, "/", forwardedFor: RemoteClient);
        Assert.DoesNotContain("/hangfire", await home.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_caller_needs_a_trusted_proxy_and_the_credential()
    {
        await using var app = await CheckInHost.StartAsync(
            CheckInHost.NewDatabaseFile(),
            null,
            "--Scheduling:DashboardToken", Token,
            "--Scheduling:DashboardTrustedProxies:0", "127.0.0.1",
            "--Playground:Enabled", "true");
        using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]) };

        var opened = await SendAsync(http, "/hangfire", forwardedFor: RemoteClient, credential: Basic("ops", Token));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, "/hangfire/recurring", forwardedFor: RemoteClient, credential: new AuthenticationHeaderValue("Bearer", Token))).StatusCode);
        Assert.Contains("href=\"/hangfire\"", await (await SendAsync(http, "/", forwardedFor: RemoteClient, credential: Basic("ops", Token))).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var anonymous = await SendAsync(http, "/hangfire", forwardedFor: RemoteClient);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "/hangfire", forwardedFor: RemoteClient, credential: Basic("ops", Token + "x"))).StatusCode);

        // A playground identity is a name anyone can type: it opens nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "/hangfire?as=alice", forwardedFor: RemoteClient)).StatusCode);
        Assert.DoesNotContain("/hangfire", await (await SendAsync(http, "/?as=alice", forwardedFor: RemoteClient)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Two hops: the trusted proxy vouches only for the last one, so the caller stays unknown.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, "/hangfire", forwardedFor: $"198.51.100.9, {RemoteClient}", credential: Basic("ops", Token))).StatusCode);

        // Not forwarded at all: a caller on this machine, as before.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, "/hangfire")).StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? forwardedFor = null, AuthenticationHeaderValue? credential = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        request.Headers.Authorization = credential;
        return await http.SendAsync(request, Ct);
    }
}
