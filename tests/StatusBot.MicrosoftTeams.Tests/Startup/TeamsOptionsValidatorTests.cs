using StatusBot.MicrosoftTeams.Startup;

namespace StatusBot.MicrosoftTeams.Tests.Startup;

public sealed class TeamsOptionsValidatorTests
{
    private static TeamsOptions Valid() => new()
    {
        AppId = "5f3c3a1e-7d2b-4c3e-9a51-1b2c3d4e5f60",
        AppPassword = "secret",
        TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
    };

    [Fact]
    public void A_complete_registration_is_accepted_with_microsofts_default_endpoints()
    {
        var options = Valid();

        var result = new TeamsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(TeamsOptions.DefaultOpenIdMetadataUrl, options.OpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token", options.ResolvedTokenEndpoint.ToString());
    }

    [Fact]
    public void A_fake_on_loopback_may_use_plain_http()
    {
        var options = Valid();
        options.OpenIdMetadataUrl = "http://127.0.0.1:5000/v1/.well-known/openidconfiguration";
        options.TokenEndpoint = "http://localhost:5001/token";

        Assert.True(new TeamsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("http://localhost:5001/token", options.ResolvedTokenEndpoint.ToString());
    }

    [Theory]
    [InlineData("AppId", null, "Teams:AppId is required")]
    [InlineData("AppId", "my-bot", "Teams:AppId must be the Microsoft App ID")]
    [InlineData("AppPassword", " ", "Teams:AppPassword is required")]
    [InlineData("TenantId", null, "Teams:TenantId is required")]
    [InlineData("TenantId", "contoso", "Teams:TenantId must be the directory (tenant) id")]
    [InlineData("OpenIdMetadataUrl", "login.botframework.com/v1", "Teams:OpenIdMetadataUrl must be an absolute https URL")]
    [InlineData("OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration", "Teams:OpenIdMetadataUrl must be an absolute https URL")]
    [InlineData("TokenEndpoint", "http://login.example.com/token", "Teams:TokenEndpoint must be an absolute https URL")]
    public void Each_mistake_gets_one_line_naming_its_key(string key, string? value, string expected)
    {
        var options = Valid();
        typeof(TeamsOptions).GetProperty(key)!.SetValue(options, value);

        var result = new TeamsOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var result = new TeamsOptionsValidator().Validate(null, new TeamsOptions { OpenIdMetadataUrl = "nope" });

        Assert.Equal(
            ["Teams:AppId", "Teams:AppPassword", "Teams:TenantId", "Teams:OpenIdMetadataUrl"],
            result.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
