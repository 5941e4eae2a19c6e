using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StatusBot.MicrosoftTeams.Auth;
using StatusBot.MicrosoftTeams.Tests.Fakes;

namespace StatusBot.MicrosoftTeams.Tests.Auth;

/// <summary>
/// The token-validation matrix of issue 12: every way an inbound Bearer token can be wrong is refused with the right
/// status, and Bot Framework's own token is accepted. Keys come over real HTTP from a local OpenID metadata endpoint.
/// </summary>
public sealed class BotFrameworkTokenValidatorTests : IAsyncLifetime
{
    private const string Kid = "key-1";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private FakeBotFrameworkKeys _keys = null!;
    private System.Security.Cryptography.RSA _key = null!;
    private HttpClient _http = null!;
    private OpenIdKeySource _source = null!;
    private BotFrameworkTokenValidator _validator = null!;

    private DateTimeOffset Now => _time.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        _keys = await FakeBotFrameworkKeys.StartAsync();
        _key = _keys.Publish(Kid, "msteams");
        _http = new HttpClient();
        _source = new OpenIdKeySource(_http, _keys.MetadataUrl, _time, NullLogger<OpenIdKeySource>.Instance);
        _validator = new BotFrameworkTokenValidator(_source, FakeBotFrameworkKeys.AppId, _time);
    }

    public async ValueTask DisposeAsync()
    {
        _source.Dispose();
        _http.Dispose();
        await _keys.DisposeAsync();
    }

    private Task<TokenValidationOutcome> Validate(string? token, string channelId = "msteams", string serviceUrl = FakeBotFrameworkKeys.ServiceUrl) =>
        _validator.ValidateAsync(token is null ? null : "Bearer " + token, channelId, serviceUrl, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Bot_frameworks_token_is_accepted()
    {
        var outcome = await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now));

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(FakeBotFrameworkKeys.ServiceUrl, outcome.Identity!.FindFirst("serviceurl")!.Value);
    }

    [Fact]
    public async Task Service_url_is_compared_without_case()
    {
        var outcome = await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now), serviceUrl: FakeBotFrameworkKeys.ServiceUrl.ToUpperInvariant());

        Assert.True(outcome.Accepted, outcome.Message);
    }

    public static TheoryData<string, TokenRefusal> WrongTokens => new()
    {
        { "wrong issuer", TokenRefusal.WrongIssuer },
        { "wrong audience", TokenRefusal.WrongAudience },
        { "expired", TokenRefusal.Expired },
        { "not yet valid", TokenRefusal.NotYetValid },
        { "alg none", TokenRefusal.UnsupportedAlgorithm },
        { "signed by another key under a published kid", TokenRefusal.BadSignature },
        { "mismatched serviceUrl", TokenRefusal.ServiceUrlMismatch },
        { "no token", TokenRefusal.MissingToken },
        { "not a jwt", TokenRefusal.Malformed },
    };

    [Theory]
    [MemberData(nameof(WrongTokens))]
    public async Task A_wrong_token_is_refused_with_401(string wrong, TokenRefusal expected)
    {
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        var token = wrong switch
        {
            "wrong issuer" => FakeBotFrameworkKeys.Token(_key, Kid, Now, issuer: "https://sts.windows.net/evil/"),
            "wrong audience" => FakeBotFrameworkKeys.Token(_key, Kid, Now, audience: "00000000-1111-2222-3333-444444444444"),
            // Past the five minutes of allowed clock skew on either side.
            "expired" => FakeBotFrameworkKeys.Token(_key, Kid, Now, notBeforeOffset: TimeSpan.FromHours(-2), expiresOffset: TimeSpan.FromMinutes(-6)),
            "not yet valid" => FakeBotFrameworkKeys.Token(_key, Kid, Now, notBeforeOffset: TimeSpan.FromMinutes(6), expiresOffset: TimeSpan.FromHours(1)),
            "alg none" => FakeBotFrameworkKeys.UnsignedToken(Kid, Now),
            "signed by another key under a published kid" => FakeBotFrameworkKeys.Token(stranger, Kid, Now),
            "mismatched serviceUrl" => FakeBotFrameworkKeys.Token(_key, Kid, Now, serviceUrl: "https://attacker.example/teams/"),
            "no token" => null,
            _ => "not-a-jwt",
        };

        var outcome = await Validate(token);

        Assert.False(outcome.Accepted);
        Assert.Equal(expected, outcome.Refusal);
        Assert.Equal((int)HttpStatusCode.Unauthorized, outcome.StatusCode);
    }

    [Fact]
    public async Task Lifetime_allows_five_minutes_of_clock_skew()
    {
        var justExpired = FakeBotFrameworkKeys.Token(_key, Kid, Now, notBeforeOffset: TimeSpan.FromHours(-1), expiresOffset: TimeSpan.FromMinutes(-4));
        var almostValid = FakeBotFrameworkKeys.Token(_key, Kid, Now, notBeforeOffset: TimeSpan.FromMinutes(4), expiresOffset: TimeSpan.FromHours(1));

        Assert.True((await Validate(justExpired)).Accepted);
        Assert.True((await Validate(almostValid)).Accepted);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_channel_is_refused_with_403()
    {
        var skypeKey = _keys.Publish("skype-only", "skype");

        var outcome = await Validate(FakeBotFrameworkKeys.Token(skypeKey, "skype-only", Now));

        Assert.Equal(TokenRefusal.ChannelNotEndorsed, outcome.Refusal);
        Assert.Equal((int)HttpStatusCode.Forbidden, outcome.StatusCode);
    }

    [Fact]
    public async Task The_channel_must_be_the_one_the_key_endorses()
    {
        var outcome = await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now), channelId: "webchat");

        Assert.Equal(TokenRefusal.ChannelNotEndorsed, outcome.Refusal);
    }

    [Fact]
    public async Task An_unknown_kid_reloads_the_keys_once_then_is_refused_and_further_unknown_kids_wait_for_the_rate_limit()
    {
        Assert.True((await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now))).Accepted);
        Assert.Equal(1, _keys.KeySetRequests);
        using var unpublished = System.Security.Cryptography.RSA.Create(2048);

        var first = await Validate(FakeBotFrameworkKeys.Token(unpublished, "made-up-1", Now));
        var second = await Validate(FakeBotFrameworkKeys.Token(unpublished, "made-up-2", Now));

        Assert.Equal(TokenRefusal.UnknownKey, first.Refusal);
        Assert.Equal(TokenRefusal.UnknownKey, second.Refusal);
        Assert.Equal(401, second.StatusCode);
        Assert.Equal(2, _keys.KeySetRequests);

        _time.Advance(OpenIdKeySource.UnknownKeyRefreshInterval);
        await Validate(FakeBotFrameworkKeys.Token(unpublished, "made-up-3", Now));
        Assert.Equal(3, _keys.KeySetRequests);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_on_its_first_token()
    {
        Assert.True((await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now))).Accepted);
        var rotated = _keys.Publish("key-2", "msteams");

        var outcome = await Validate(FakeBotFrameworkKeys.Token(rotated, "key-2", Now));

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal(2, _keys.KeySetRequests);
    }

    [Fact]
    public async Task Keys_are_cached_and_reloaded_after_a_day()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now))).Accepted);
        }

        Assert.Equal(1, _keys.KeySetRequests);
        _time.Advance(OpenIdKeySource.MaxAge);
        Assert.True((await Validate(FakeBotFrameworkKeys.Token(_key, Kid, Now))).Accepted);
        Assert.Equal(2, _keys.KeySetRequests);
    }

    [Fact]
    public async Task Unreachable_metadata_refuses_with_503_and_accepts_nothing()
    {
        using var http = new HttpClient();
        using var source = new OpenIdKeySource(http, new Uri("http://127.0.0.1:9/metadata"), _time, NullLogger<OpenIdKeySource>.Instance);
        var validator = new BotFrameworkTokenValidator(source, FakeBotFrameworkKeys.AppId, _time);

        var outcome = await validator.ValidateAsync("Bearer " + FakeBotFrameworkKeys.Token(_key, Kid, Now), "msteams", FakeBotFrameworkKeys.ServiceUrl, TestContext.Current.CancellationToken);

        Assert.Equal(TokenRefusal.KeysUnavailable, outcome.Refusal);
        Assert.Equal(503, outcome.StatusCode);
    }
}
