using Microsoft.Extensions.Time.Testing;
using StatusBot.Slack.Signing;

namespace StatusBot.Slack.Tests.Signing;

/// <summary>Against Slack's own documented example (PLATFORMS.md; "Verifying requests from Slack").</summary>
public sealed class SlackSignatureVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignatureVerifier At(long unixSeconds) =>
        new(Secret, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Slacks_documented_example_verifies()
    {
        Assert.Equal(SignatureCheck.Valid, At(1531420618).Verify(Timestamp, Signature, Body));
        Assert.Equal(Signature, At(1531420618).Sign(Timestamp, Body));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Example_is_accepted_up_to_five_minutes_either_side(int offsetSeconds) =>
        Assert.Equal(SignatureCheck.Valid, At(1531420618 + offsetSeconds).Verify(Timestamp, Signature, Body));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400 * 365)]
    public void Example_replayed_outside_the_window_is_refused(int offsetSeconds) =>
        Assert.Equal(SignatureCheck.Stale, At(1531420618 + offsetSeconds).Verify(Timestamp, Signature, Body));

    [Fact]
    public void A_changed_body_is_refused() =>
        Assert.Equal(SignatureCheck.Mismatch, At(1531420618).Verify(Timestamp, Signature, Body.Replace("text=", "text=delete", StringComparison.Ordinal)));

    [Fact]
    public void Another_secret_does_not_verify() =>
        Assert.Equal(
            SignatureCheck.Mismatch,
            new SlackSignatureVerifier("another-secret", new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1531420618))).Verify(Timestamp, Signature, Body));

    [Theory]
    [InlineData(null, Signature)]
    [InlineData(Timestamp, null)]
    [InlineData("", "")]
    public void Missing_headers_are_refused(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, At(1531420618).Verify(timestamp, signature, Body));

    [Theory]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData("soon")]
    public void A_timestamp_that_is_not_whole_seconds_is_refused(string timestamp) =>
        Assert.Equal(SignatureCheck.Stale, At(1531420618).Verify(timestamp, Signature, Body));

    [Fact]
    public void An_uppercase_signature_is_refused_because_slack_sends_lowercase_hex() =>
        Assert.Equal(SignatureCheck.Mismatch, At(1531420618).Verify(Timestamp, Signature.ToUpperInvariant(), Body));
}
